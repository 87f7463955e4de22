import FabricKernel
import FabricMetrics
import FabricTopology
import FabricTransport

extension PacketNetwork {
    /// Every packet injected is delivered, dropped, or still in the network — checked at the end of every run. A
    /// trimmed packet is still a packet; the bytes trimming cut off are counted apart.
    public var conservation: ResultCheck {
        let alive = Int64(packetsInFlight)
        let packetsHold = counters.packetsInjected == counters.packetsDelivered + counters.packetsDropped + alive
        let bytesAlive = bytesInFlight
        let bytesHold =
            counters.bytesInjected == counters.bytesDelivered + counters.bytesDropped + counters.bytesTrimmed
            + bytesAlive
        let trimmed = trimming ? " + \(counters.bytesTrimmed) trimmed off" : ""
        return ResultCheck(
            name: "packet and byte conservation", passed: packetsHold && bytesHold,
            detail: "injected \(counters.packetsInjected) = delivered \(counters.packetsDelivered) + dropped "
                + "\(counters.packetsDropped) + in flight \(alive) packets; \(counters.bytesInjected) = "
                + "\(counters.bytesDelivered) + \(counters.bytesDropped)\(trimmed) + \(bytesAlive) bytes")
    }

    /// Wire bytes of the packets still in the network: queued, on a wire, or being sent.
    public var bytesInFlight: Int64 {
        var total: Int64 = 0
        for q in queues { total += q.bytes }
        for port in ports { total += port.inFlight.bytes }
        return total
    }

    /// The ideal completion time of flow `f` alone on an idle fabric (`idealCompletion(from:to:size:)`), on the
    /// fabric as it is now.
    public func idealCompletion(of f: Int) -> SimTime {
        let record = record(f)
        return idealCompletion(from: Int(record.source), to: Int(record.destination), size: record.size)
    }

    /// The ideal completion time of a flow of `size` payload bytes alone on an idle fabric, along the first of its
    /// equal-cost paths: its first packet's latency to the receiver, the rest of its bytes at the slowest link's
    /// rate behind it, and the last acknowledgement's latency back.
    func idealCompletion(from source: Int, to destination: Int, size: Int64) -> SimTime {
        let mtu = Int64(config.mtu)
        let packets = max(1, (size + mtu - 1) / mtu)
        let totalWire = size + packets * Int64(config.headerBytes)
        let firstWire = Int64(config.wireBytes(payload: Int(min(mtu, size))))
        guard let data = onePacketLatency(from: source, to: destination, wire: ByteCount(firstWire)),
            let ack = onePacketLatency(from: destination, to: source, wire: ByteCount(Int64(config.ackBytes)))
        else { return .max }
        return data.latency + data.slowest.serializationTime(of: ByteCount(totalWire - firstWire)) + ack.latency
    }

    public func finishTime(of f: Int) -> SimTime? { record(f).finish }

    /// At the nominal rate of the host's cable, framing included.
    public func injectionTime(bytes: Int64, host: Int) -> SimTime {
        let mtu = Int64(config.mtu)
        let packets = max(1, (bytes + mtu - 1) / mtu)
        return topology.port(topology.uplink(ofHost: host)).rate.serializationTime(
            of: ByteCount(bytes + packets * Int64(config.headerBytes)))
    }

    /// Whole packets the receiver holds in order, as payload bytes.
    public func deliveredBytes(of f: Int) -> Int64 {
        let record = record(f)
        return record.isComplete ? record.size : min(record.size, Int64(flow(f).expected) * Int64(config.mtu))
    }

    /// The network's figures for the run summary. The flows with a record count with their ideal on the fabric
    /// as the run ended; the others were counted as they were delivered (the same ideal, unless a fault changed
    /// routing or rates since).
    public func metrics(now: SimTime) -> ResultObject {
        precondition(gathersStatistics, "the flow statistics were not gathered: the owner discarded the flow records")
        var completions = unrecordedCompletions
        for (f, record) in records.enumerated() {
            guard let finish = record.finish else { continue }
            completions.add(size: record.size, time: finish - record.start, ideal: idealCompletion(of: f))
        }
        var metrics = ResultObject()
        metrics["flows"] = .integer(flowsSent)
        metrics["flows_completed"] = .integer(counters.flowsCompleted)
        completions.write(into: &metrics)
        metrics["goodput_bytes"] = .integer(counters.goodputBytes)
        metrics["packets_injected"] = .integer(counters.packetsInjected)
        metrics["packets_delivered"] = .integer(counters.packetsDelivered)
        metrics["packets_dropped"] = .integer(counters.packetsDropped)
        metrics["drops_buffer_full"] = .integer(counters.dropsBufferFull)
        metrics["drops_link_down"] = .integer(counters.dropsLinkDown)
        metrics["packets_retransmitted"] = .integer(counters.retransmittedPackets)
        metrics["retransmission_timeouts"] = .integer(counters.timeouts)
        metrics["nacks"] = .integer(counters.nacksSent)
        if trimming { metrics["packets_trimmed"] = .integer(counters.packetsTrimmed) }
        if receiverGrants { metrics["credit_grants"] = .integer(counters.grantsSent) }
        metrics["packet_hops"] = .integer(counters.packetHops)
        metrics["peak_switch_buffer_bytes"] = .integer(peakBufferUsed.max() ?? 0)
        metrics["credit_stall_us"] = .double(ports.reduce(SimTime.zero) { $0 + $1.creditStallTime }.seconds * 1e6)
        metrics["pause_frames"] = .integer(counters.pauseFrames)
        metrics["ecn_marks"] = .integer(counters.ecnMarks)
        metrics["cnps"] = .integer(counters.cnpsSent)
        metrics["drops_headroom_overrun"] = .integer(counters.dropsHeadroomOverrun)
        metrics["fct_by_size"] = .array(completions.bySize())
        metrics["ports"] = .array(portTable(now: now))
        return metrics
    }

    /// Port `p`'s report: what both fidelities say of a port, with its queue figures.
    public func port(_ p: Int) -> PortReport {
        let state = ports[p]
        return PortReport(
            rate: state.rate, delay: state.delay, up: state.up, packetsSent: state.packetsSent,
            bytesSent: state.bytesSent, busyTime: state.busyTime,
            queues: PortQueues(
                peakQueuedBytes: state.peakQueuedBytes, drops: state.drops, creditStallTime: state.creditStallTime))
    }

    /// Per port that carried traffic: utilisation, queue, drops and credit stalls, busiest first.
    public func portTable(now: SimTime) -> [ResultValue] {
        let elapsed = Double(max(now.rawValue, 1))
        let order = ports.indices.filter {
            ports[$0].packetsSent > 0 || ports[$0].drops > 0 || ports[$0].pauseFramesSent > 0 || ports[$0].trims > 0
        }
        .sorted { (busyTime(port: $0, now: now), $1) > (busyTime(port: $1, now: now), $0) }
        return order.map { p in
            var row = PortTable.row(
                p, topology: topology, rate: ports[p].rate,
                utilisation: Double(busyTime(port: p, now: now).rawValue) / elapsed,
                packets: ports[p].packetsSent, bytes: ports[p].bytesSent, queues: port(p).queues)
            row["ecn_marks"] = .integer(ports[p].ecnMarks)
            row["pause_frames_sent"] = .integer(ports[p].pauseFramesSent)
            row["pause_frames_received"] = .integer(ports[p].pauseFramesReceived)
            row["paused_us"] = .double(timePaused(port: p, now: now).seconds * 1e6)
            row["peak_headroom_bytes"] = .integer(ports[p].peakHeadroomUsed)
            if trimming { row["trims"] = .integer(ports[p].trims) }
            return .object(row)
        }
    }
}
