import FabricCollectives
import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload

/// Models whose work happens in episodes of their own (one simulator per collective size or training step)
/// count those episodes' events here; the runner adds them to the outer simulator's.
extension MeasuredModel {
    public var episodeEvents: UInt64 { 0 }
    public var fidelity: Fidelity? { nil }
    public static var runsEpisodes: Bool { false }
    public mutating func attach(_ control: RunControl, sampling: SeriesSampling) {}
    public var episodeSeries: TimeSeriesSet? { nil }
}

extension CollectiveSweep: MeasuredModel {
    init(scenario spec: CollectiveScenario, seed: UInt64) {
        self.init(
            topology: spec.network.topology, config: spec.network.network, seed: seed, spec: spec.spec,
            sizes: spec.sizes,
            members: spec.ranks.map { Array(0..<$0) }, faults: spec.network.faults,
            convergence: spec.network.convergence)
        expectedEvents = RunWork(collective: spec).sizeEvents
    }

    public var episodeEvents: UInt64 { innerEvents }
    public var fidelity: Fidelity? { Network.fidelity }
    public static var runsEpisodes: Bool { true }
    public mutating func attach(_ control: RunControl, sampling: SeriesSampling) { self.control = control }

    public func progress() -> Double? { sizes.isEmpty ? nil : progress }

    /// The nccl-tests table as rows (`nccl_tests`), the headline figures of the largest size, and the ports.
    public func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck]) {
        var m = ResultObject()
        m["operation"] = .string(spec.kind.rawValue)
        m["algorithm"] = .string(spec.algorithm.rawValue)
        m["ranks"] = .integer(members.count)
        m["servers"] = .integer(servers)
        if let last = rows.last {
            m["largest_size_bytes"] = .integer(last.size)
            m["largest_time_us"] = .double(last.time.seconds * 1e6)
            if let model = last.modelTime { m["theory_largest_time_us"] = .double(model * 1e6) }
            m["largest_algbw_gbps"] = .double(last.algorithmBandwidth)
            m["largest_busbw_gbps"] = .double(last.busBandwidth)
        }
        if let cost = networkCost {
            m["network_alpha_us"] = .double(cost.alpha * 1e6)
            m["nic_payload_gbps"] = .double(1 / cost.beta / 1e9)
        }
        m["packets_dropped"] = Network.fidelity.packetFigure(.integer(rows.reduce(0) { $0 + $1.packetsDropped }))
        ports.flowControlFigures(into: &m)
        m["nccl_tests"] = .array(
            rows.map { row in
                var o = ResultObject()
                o["size_bytes"] = .integer(row.size)
                o["count_elements"] = .integer(row.size / 4)
                o["type"] = "float"
                o["redop"] = .string(spec.kind == .allReduce || spec.kind == .reduceScatter ? "sum" : "none")
                o["root"] = .integer(spec.kind == .broadcast ? spec.root : -1)
                o["time_us"] = .double(row.time.seconds * 1e6)
                o["algbw_gbps"] = .double(row.algorithmBandwidth)
                o["busbw_gbps"] = .double(row.busBandwidth)
                o["model_time_us"] = row.modelTime.map { .double($0 * 1e6) } ?? .null
                o["transfers"] = .integer(row.transfers)
                o["network_bytes"] = .integer(row.networkBytes)
                o["nvlink_bytes"] = .integer(row.nvlinkBytes)
                o["packets_dropped"] = Network.fidelity.packetFigure(.integer(row.packetsDropped))
                o["events"] = .integer(row.events)
                return .object(o)
            })
        m["ports"] = .array(ports.table(topology, elapsed: now))
        let incomplete = failures.filter { $0.contains("did not complete") }
        let lost = failures.filter { !$0.contains("did not complete") }
        return (
            m,
            [
                // A sweep its stop conditions ended early has run fewer sizes; that is not a failure of the model.
                ResultCheck(
                    name: "every size completed",
                    passed: incomplete.isEmpty && (rows.count == sizes.count || control.stopped),
                    detail: incomplete.first ?? "\(rows.count) of \(sizes.count) sizes"
                        + (control.stopped ? " (the run's stop conditions ended it)" : "")),
                ResultCheck(
                    name: Network.fidelity == .packet
                        ? "packet conservation at every size" : "fluid byte conservation at every size",
                    passed: lost.isEmpty, detail: lost.first ?? "\(rows.count) runs"),
            ] + (Network.fidelity == .packet ? losses.check(config.flowControl).map { [$0] } ?? [] : [])
        )
    }
}

extension TrainingRun: MeasuredModel {
    init(scenario spec: TrainingScenario, seed: UInt64) {
        self.init(
            job: spec.job, topology: spec.network.topology, network: spec.network.network, seed: seed,
            faults: spec.network.faults, convergence: spec.network.convergence, classes: spec.network.trafficClasses,
            checkpointing: spec.checkpointing)
        expectedStepEvents = RunWork(training: spec).stepEvents
    }

    public var episodeEvents: UInt64 { innerEvents }
    public var fidelity: Fidelity? { Network.fidelity }
    public static var runsEpisodes: Bool { true }
    public mutating func attach(_ control: RunControl, sampling: SeriesSampling) {
        self.control = control
        self.sampling = sampling
    }

    /// The slowest step's series (TrainingRun+Series.swift).
    public var episodeSeries: TimeSeriesSet? { slowestSeries }

    public func progress() -> Double? { progress }

    public func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck]) {
        (metrics(now: now), checks)
    }
}

/// `fabricsim info` lines for the collective and training scenarios.
enum JobInfo {
    /// `faultClock`: how the faults' times are counted, for the faults line.
    static func network(_ spec: NetworkScenario, faultClock: String) -> [(String, String)] {
        var lines: [(String, String)] = [("fabric", spec.fabricDescription)]
        lines += TopologyFacts(spec.topology).lines
        let config = spec.network
        lines.append(("switching", "\(config.switching.rawValue), \(config.switchLatency) per switch"))
        lines.append(("flow control", config.flowControl.rawValue))
        lines.append(("load balancing", config.loadBalancing.rawValue))
        if !spec.faults.faults.isEmpty {
            lines.append(("faults", faultClock + ": " + spec.faults.faults.map(\.description).joined(separator: "; ")))
        }
        return lines
    }

    static func collective(_ spec: CollectiveScenario) -> [(String, String)] {
        var lines = network(spec.network, faultClock: "in every size's run, from its start")
        let ranks = spec.ranks ?? spec.network.topology.gpuCount
        let c = spec.spec
        lines.append(
            (
                "collective",
                "\(c.kind.rawValue), \(c.algorithm.rawValue)"
                    + (c.algorithm == .hierarchical ? " (\(c.interServer.rawValue) across servers)" : "")
                    + " over \(ranks) ranks, chunks of \(ByteCount(c.chunkBytes))"
                    + (c.channels.map { ", \($0) channels" } ?? "")
            ))
        lines.append(("sizes", spec.sizes.map { ByteCount($0).description }.joined(separator: " ")))
        lines.append(("busbw factor", ScenarioInfo.format(c.kind.busBandwidthFactor(ranks: ranks)) + " × algbw"))
        return lines
    }

    static func checkpoints(_ setup: CheckpointSetup, ranks: Int) -> [(String, String)] {
        let storage = setup.storage
        let policy = setup.policy
        let placement: String =
            switch storage.network {
            case .converged(.spread): "converged, NICs spread over the training leaves"
            case .converged(.dedicatedLeaves(let n)): "converged, on \(n) storage leaf\(n == 1 ? "" : "s") of their own"
            case .separate(let f): "separate front-end network, \(f.nicsPerServer) × \(f.nicRate) per GPU server"
            }
        var lines: [(String, String)] = [
            (
                "storage",
                "\(storage.servers) servers × \(storage.nicsPerServer) × \(storage.nicRate), media \(storage.mediaBandwidth) each, "
                    + "\(ByteCount(storage.cacheBytes)) cache, \(storage.requestLatency) a request; \(placement)"
            ),
            (
                "striping",
                "\(ByteCount(storage.stripeSize)) stripes over \(storage.stripeCount) servers, \(storage.requestsInFlight) requests in flight a writer"
            ),
        ]
        let when: String =
            switch policy.trigger {
            case .steps(let n): "every \(n) steps"
            case .interval(let t): "every \(t.roundedDescription)"
            }
        let shard = policy.shards(ranks: ranks).max() ?? 0
        lines.append(
            (
                "checkpoint",
                "\(ByteCount(policy.bytes)) (\(policy.parameters) parameters × \(policy.bytesPerParameter) B), \(policy.mode.rawValue), "
                    + "\(when), \(policy.sharding.rawValue): \(ByteCount(shard)) from the largest writer"
            ))
        let media = Double(policy.bytes) / (Double(storage.aggregateMediaBandwidth.bitsPerSecond) / 8)
        let nic = Double(policy.bytes) * 8 / Double(storage.aggregateNICBandwidth.bitsPerSecond)
        lines.append(
            ("write ceilings", "media \(ScenarioInfo.format(media)) s, storage NICs \(ScenarioInfo.format(nic)) s"))
        if let goodput = setup.goodput {
            lines.append(
                (
                    "failures",
                    "MTBF \(ScenarioInfo.format(goodput.failures.mtbf / 3600)) h, restart \(ScenarioInfo.format(goodput.failures.restart)) s"
                ))
        }
        return lines
    }

    static func training(_ spec: TrainingScenario) -> [(String, String)] {
        var lines = network(spec.network, faultClock: "on the job's clock, from its start")
        let job = spec.job
        let ranks = job.ranks ?? spec.network.topology.gpuCount
        let c = job.allReduce
        lines.append(("job", "\(ranks) data-parallel ranks, \(job.steps) steps"))
        lines.append(
            (
                "compute per step",
                "forward \(job.forward), backward \(job.backward), optimizer \(job.optimizer)"
                    + (job.jitter == .none ? "" : ", jitter \(job.jitter)")
            ))
        let buckets = job.bucketBytes
        lines.append(
            (
                "gradients",
                "\(ByteCount(job.gradientBytes)) in \(job.buckets) buckets of \(ByteCount(buckets[0])), all-reduced with \(c.algorithm.rawValue)"
                    + (c.algorithm == .hierarchical ? " (\(c.interServer.rawValue) across servers)" : "")
            ))
        for s in job.stragglers {
            lines.append(
                (
                    "straggler",
                    "rank \(s.rank) × \(ScenarioInfo.format(s.factor)) from step \(s.firstStep)"
                        + (s.lastStep.map { " to \($0)" } ?? "")
                        + (s.probability < 1 ? ", with probability \(ScenarioInfo.format(s.probability))" : "")
                ))
        }
        for generator in job.background { lines.append(("background", generator.summary + ", in every step")) }
        if let setup = spec.checkpointing { lines += checkpoints(setup, ranks: ranks) }
        // Compute-only step time without jitter: the rank with the largest straggler factor in step 0.
        let slowest = job.stragglers.filter { $0.covers(step: 0) && $0.probability >= 1 }.map(\.factor).max() ?? 1
        let ideal =
            SimTime(rawValue: Int64((Double((job.forward + job.backward).rawValue) * max(1, slowest)).rounded()))
            + job.optimizer
        lines.append(("compute-only step", "\(ideal.roundedDescription) without jitter"))
        return lines
    }
}
