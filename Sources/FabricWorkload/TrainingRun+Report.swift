import FabricKernel
import FabricMetrics
import FabricTopology
import FabricTransport

/// The job's figures for the run summary. Definitions: docs/workload.md.
extension TrainingRun {
    /// Step, compute-only and stall percentiles; exposed communication and GPU busy fractions; the slowest steps
    /// with the rank and link on their critical path; and the port table summed over all steps.
    public func metrics(now: SimTime) -> ResultObject {
        var steps = TimeHistogram()
        var computeOnly = TimeHistogram()
        var stalls = TimeHistogram()
        var totalTime = 0.0
        var totalStall = 0.0
        var busy = 0.0
        for record in records {
            steps.record(record.time)
            computeOnly.record(record.computeOnly)
            stalls.record(record.stall)
            totalTime += record.time.seconds
            totalStall += record.stall.seconds
            busy += record.busyFraction * record.time.seconds
        }
        func ms(_ t: SimTime?) -> ResultValue { t.map { .double($0.seconds * 1e3) } ?? .null }
        var m = ResultObject()
        m["steps"] = .integer(records.count)
        m["stopped_in_step"] = cutStep.map { .integer($0) } ?? .null
        m["ranks"] = .integer(members.count)
        // Every percentile below is over the steps; `PercentileSampling` marks those the steps are too few for.
        m["step_time_samples"] = .integer(records.count)
        m["step_time_p50_ms"] = ms(steps.percentile(50))
        m["step_time_p99_ms"] = ms(steps.percentile(99))
        m["step_time_p99_9_ms"] = ms(steps.percentile(99.9))
        m["step_time_max_ms"] = ms(records.isEmpty ? nil : steps.maximum)
        m["step_time_mean_ms"] = ms(steps.mean)
        m["compute_only_samples"] = .integer(records.count)
        m["compute_only_p50_ms"] = ms(computeOnly.percentile(50))
        m["compute_only_p99_ms"] = ms(computeOnly.percentile(99))
        m["compute_only_max_ms"] = ms(records.isEmpty ? nil : computeOnly.maximum)
        m["stall_samples"] = .integer(records.count)
        m["stall_p50_ms"] = ms(stalls.percentile(50))
        m["stall_p99_ms"] = ms(stalls.percentile(99))
        m["stall_p99_9_ms"] = ms(stalls.percentile(99.9))
        m["stall_max_ms"] = ms(records.isEmpty ? nil : stalls.maximum)
        m["stall_mean_ms"] = ms(stalls.mean)
        m["exposed_communication_fraction"] = totalTime > 0 ? .double(totalStall / totalTime) : .null
        m["gpu_busy_fraction"] = totalTime > 0 ? .double(busy / totalTime) : .null
        if let slowest = records.max(by: { ($0.time, $1.step) < ($1.time, $0.step) }) {
            m["slowest_step"] = .integer(slowest.step)
            m["slowest_step_critical_rank"] = .integer(slowest.criticalRank)
            m["slowest_step_critical_link"] = slowest.criticalLink.map { .string(linkName($0)) } ?? .null
        }
        m["steps_per_second"] = totalTime > 0 ? .double(Double(records.count) / totalTime) : .null
        m["gradient_bytes_per_step"] = .integer(job.gradientBytes)
        m["bytes_over_network_per_step"] = .integer(schedule.bytes(of: .network))
        m["bytes_over_nvlink_per_step"] = .integer(schedule.bytes(of: .nvlink))
        m["transfers_per_step"] = .integer(graph.communicationOperations)
        m["background_flows"] = .integer(backgroundFlows)
        m["packets_injected"] = Network.fidelity.packetFigure(.integer(counters.packetsInjected))
        m["packets_dropped"] = Network.fidelity.packetFigure(.integer(counters.packetsDropped))
        if template.config.trimming {
            m["packets_trimmed"] = Network.fidelity.packetFigure(.integer(counters.packetsTrimmed))
        }
        ports.flowControlFigures(into: &m)
        m["packets_retransmitted"] = Network.fidelity.packetFigure(.integer(counters.retransmittedPackets))
        m["retransmission_timeouts"] = Network.fidelity.packetFigure(.integer(counters.timeouts))
        m["packet_hops"] = Network.fidelity.packetFigure(.integer(counters.packetHops))
        m["slowest_steps"] = .array(slowestSteps(10).map { .object(row($0)) })
        m["critical_path_of_tail"] = .object(tailAttribution())
        m["steps_table"] = .array(records.map { .object(compactRow($0)) })
        let window = records.reduce(SimTime.zero) { $0 + $1.communicationWindow }
        m["communication_window_total_ms"] = .double(window.seconds * 1e3)
        m["ports"] = .array(ports.table(topology, elapsed: now, window: window))
        if let checkpoints {
            let report = checkpoints.report(steps: records)
            m["checkpoint"] = .object(report.summary)
            m["checkpoints"] = .array(report.checkpoints)
            m["checkpoint_servers"] = .array(report.servers)
            m["checkpoint_ports"] = .array(
                checkpoints.ports.table(checkpoints.fabric.topology, elapsed: now, limit: 64))
            if let goodput = report.goodput {
                m["goodput"] = .object(goodput)
                m["goodput_sweep"] = .array(report.sweep)
            }
        }
        return m
    }

    /// Every episode conserved its packets and completed its communication.
    public var checks: [ResultCheck] {
        [
            ResultCheck(
                name: "every step completed its all-reduce",
                passed: failures.allSatisfy { !$0.contains("did not complete") },
                detail: failures.first { $0.contains("did not complete") } ?? "\(records.count) steps"),
            ResultCheck(
                name: Network.fidelity == .packet
                    ? "packet conservation in every step" : "fluid byte conservation in every step",
                passed: failures.allSatisfy { $0.contains("did not complete") },
                detail: failures.first { !$0.contains("did not complete") } ?? conservationDetail),
        ] + losslessCheck + (checkpoints?.checks ?? [])
    }

    /// Under PFC or credits, no packet of the job dropped for want of room in any step (packet fidelity: the fluid
    /// model has no buffers to overflow).
    var losslessCheck: [ResultCheck] {
        guard Network.fidelity == .packet, let check = losses.check(template.config.flowControl) else { return [] }
        return [check]
    }

    /// What was conserved, in the fidelity's own units: packets, or the fluid model's wire bytes.
    var conservationDetail: String {
        Network.fidelity == .packet
            ? "injected \(counters.packetsInjected) = delivered \(counters.packetsDelivered) + dropped \(counters.packetsDropped) over \(records.count) steps"
            : "injected \(counters.bytesInjected) = drained \(counters.bytesDelivered) wire bytes over \(records.count) steps"
    }

    /// The `count` longest steps, longest first (ties: earlier step first).
    public func slowestSteps(_ count: Int) -> [StepRecord] {
        Array(records.sorted { ($0.time, $1.step) > ($1.time, $0.step) }.prefix(count))
    }

    /// The link out of a port, by the topology's unique name (`leaf0→spine1`, `leaf0→spine1/1`).
    public func linkName(_ port: Int) -> String { topology.linkName(PortID(port)) }

    func row(_ r: StepRecord) -> ResultObject {
        var o = ResultObject()
        o["step"] = .integer(r.step)
        o["step_ms"] = .double(r.time.seconds * 1e3)
        o["compute_only_ms"] = .double(r.computeOnly.seconds * 1e3)
        o["stall_ms"] = .double(r.stall.seconds * 1e3)
        o["forward_backward_ms"] = .double(r.forwardBackward.seconds * 1e3)
        o["optimizer_ms"] = .double(r.optimizer.seconds * 1e3)
        o["critical_rank"] = .integer(r.criticalRank)
        o["critical_rank_compute_ms"] = .double(r.criticalRankCompute.seconds * 1e3)
        o["slowest_compute_rank"] = .integer(r.slowestComputeRank)
        o["last_rank"] = .integer(r.lastRank)
        o["critical_link"] = r.criticalLink.map { .string(linkName($0)) } ?? .null
        o["critical_link_peak_queue_bytes"] = Network.fidelity.packetFigure(.integer(r.criticalLinkPeakQueue))
        o["critical_transfer_delay_us"] = .double(r.criticalTransferDelay.seconds * 1e6)
        return o
    }

    func compactRow(_ r: StepRecord) -> ResultObject {
        var o = ResultObject()
        o["step"] = .integer(r.step)
        o["step_ms"] = .double(r.time.seconds * 1e3)
        o["compute_only_ms"] = .double(r.computeOnly.seconds * 1e3)
        o["stall_ms"] = .double(r.stall.seconds * 1e3)
        o["gpu_busy"] = .double(r.busyFraction)
        o["communication_window_ms"] = .double(r.communicationWindow.seconds * 1e3)
        o["critical_rank"] = .integer(r.criticalRank)
        return o
    }

    /// Over the steps at or above the P99 step time: how often each rank and each link was on the critical
    /// path, most often first.
    func tailAttribution() -> ResultObject {
        var histogram = TimeHistogram()
        for r in records { histogram.record(r.time) }
        guard let p99 = histogram.percentile(99) else { return ResultObject() }
        // The histogram rounds to 0.1 %: compare against the value it reports, less its resolution.
        let threshold = SimTime(rawValue: p99.rawValue - p99.rawValue / 1000)
        let tail = records.filter { $0.time >= threshold }
        var ranks: [Int: Int] = [:]
        var links: [Int: Int] = [:]
        for r in tail {
            ranks[r.criticalRank, default: 0] += 1
            if let link = r.criticalLink { links[link, default: 0] += 1 }
        }
        var o = ResultObject()
        o["steps"] = .integer(tail.count)
        o["ranks"] = .array(
            ranks.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
                .object(ResultObject(["rank": .integer($0.key), "steps": .integer($0.value)]))
            })
        o["links"] = .array(
            links.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
                .object(ResultObject(["link": .string(linkName($0.key)), "steps": .integer($0.value)]))
            })
        return o
    }
}
