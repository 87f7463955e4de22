import FabricKernel
import FabricMetrics
import FabricTopology

extension PacketNetwork {
    /// Every packet injected is delivered, dropped, or still in the network — checked at the end of every run.
    public var conservation: ResultCheck {
        let alive = Int64(packetsInFlight)
        let packetsHold = counters.packetsInjected == counters.packetsDelivered + counters.packetsDropped + alive
        let bytesAlive = bytesInFlight
        let bytesHold = counters.bytesInjected == counters.bytesDelivered + counters.bytesDropped + bytesAlive
        return ResultCheck(
            name: "packet and byte conservation", passed: packetsHold && bytesHold,
            detail: "injected \(counters.packetsInjected) = delivered \(counters.packetsDelivered) + dropped "
                + "\(counters.packetsDropped) + in flight \(alive) packets; \(counters.bytesInjected) = "
                + "\(counters.bytesDelivered) + \(counters.bytesDropped) + \(bytesAlive) bytes")
    }

    /// Wire bytes of the packets still in the network: queued, on a wire, or being sent.
    public var bytesInFlight: Int64 {
        var total: Int64 = 0
        for q in queues { total += q.bytes }
        for port in ports { total += port.inFlight.bytes }
        return total
    }

    /// The ideal completion time of a flow alone on an idle fabric, along the first of its equal-cost paths: its
    /// first packet's latency to the receiver, the rest of its bytes at the slowest link's rate behind it, and
    /// the last acknowledgement's latency back.
    public func idealCompletion(of f: Int) -> SimTime {
        let flow = flows[f]
        let totalWire = flow.size + Int64(flow.packets) * Int64(config.headerBytes)
        let firstWire = Int64(config.wireBytes(payload: Int(min(Int64(config.mtu), flow.size))))
        guard let data = onePacketLatency(from: Int(flow.source), to: Int(flow.destination), wire: ByteCount(firstWire)),
              let ack = onePacketLatency(from: Int(flow.destination), to: Int(flow.source), wire: ByteCount(Int64(config.ackBytes)))
        else { return .max }
        return data.latency + data.slowest.serializationTime(of: ByteCount(totalWire - firstWire)) + ack.latency
    }

    /// The time one packet of `wire` bytes takes from host to host on an idle fabric, as this model moves it:
    /// per hop into a switch, its propagation delay and pipeline latency plus, under store-and-forward, its
    /// serialisation (under cut-through only its header's); on the last hop, into the host, its full
    /// serialisation and delay. Also the slowest rate on the path.
    public func onePacketLatency(from source: Int, to destination: Int, wire: ByteCount) -> (latency: SimTime, slowest: Bandwidth)? {
        var node = topology.hosts[source]
        var latency = SimTime.zero
        var slowest = Bandwidth(rawValue: .max)
        let header = ByteCount(Int64(min(Int(wire.bytes), config.cutThroughHeaderBytes)))
        while node != topology.hosts[destination] {
            let candidates = routing.candidates(at: node, toward: destination)
            guard !candidates.isEmpty else { return nil }
            let port = routing.hops[candidates.lowerBound].index
            let rate = ports[port].rate
            slowest = min(slowest, rate)
            let next = topology.neighbour(through: PortID(port))
            let toSwitch = topology.hostIndex[next.index] < 0
            if toSwitch {
                let serialisation = config.switching == .cutThrough ? header : wire
                latency += rate.serializationTime(of: serialisation) + ports[port].delay + config.switchLatency
            } else {
                latency += rate.serializationTime(of: wire) + ports[port].delay
            }
            node = next
        }
        return (latency, slowest)
    }

    /// The network's figures for the run summary.
    public func metrics(now: SimTime) -> ResultObject {
        var completion = TimeHistogram()
        var slowdown: [Double] = []
        var minimumThroughput = Double.infinity
        for f in flows.indices {
            guard let finish = flows[f].finish else { continue }
            let fct = finish - flows[f].start
            completion.record(fct)
            let ideal = idealCompletion(of: f)
            if ideal > .zero, ideal != .max { slowdown.append(Double(fct.rawValue) / Double(ideal.rawValue)) }
            minimumThroughput = min(minimumThroughput, Double(flows[f].size) * 8 / fct.seconds)
        }
        slowdown.sort()
        var metrics = ResultObject()
        metrics["flows"] = .integer(flows.count)
        metrics["flows_completed"] = .integer(counters.flowsCompleted)
        metrics["fct_p50_us"] = completion.percentile(50).map { .double($0.seconds * 1e6) } ?? .null
        metrics["fct_p99_us"] = completion.percentile(99).map { .double($0.seconds * 1e6) } ?? .null
        metrics["fct_max_us"] = completion.count > 0 ? .double(completion.maximum.seconds * 1e6) : .null
        metrics["slowdown_p50"] = slowdown.isEmpty ? .null : .double(slowdown[slowdown.count / 2])
        metrics["slowdown_p99"] = slowdown.isEmpty ? .null : .double(slowdown[min(slowdown.count - 1, slowdown.count * 99 / 100)])
        metrics["min_flow_throughput_gbps"] = minimumThroughput.isFinite ? .double(minimumThroughput / 1e9) : .null
        metrics["goodput_bytes"] = .integer(counters.goodputBytes)
        metrics["packets_injected"] = .integer(counters.packetsInjected)
        metrics["packets_delivered"] = .integer(counters.packetsDelivered)
        metrics["packets_dropped"] = .integer(counters.packetsDropped)
        metrics["drops_buffer_full"] = .integer(counters.dropsBufferFull)
        metrics["drops_link_down"] = .integer(counters.dropsLinkDown)
        metrics["packets_retransmitted"] = .integer(counters.retransmittedPackets)
        metrics["retransmission_timeouts"] = .integer(counters.timeouts)
        metrics["nacks"] = .integer(counters.nacksSent)
        metrics["packet_hops"] = .integer(counters.packetHops)
        metrics["peak_switch_buffer_bytes"] = .integer(peakBufferUsed.max() ?? 0)
        metrics["credit_stall_us"] = .double(ports.reduce(SimTime.zero) { $0 + $1.creditStallTime }.seconds * 1e6)
        metrics["pause_frames"] = .integer(counters.pauseFrames)
        metrics["ecn_marks"] = .integer(counters.ecnMarks)
        metrics["cnps"] = .integer(counters.cnpsSent)
        metrics["drops_headroom_overrun"] = .integer(counters.dropsHeadroomOverrun)
        metrics["fct_by_size"] = .array(completionBySize())
        metrics["ports"] = .array(portTable(now: now))
        return metrics
    }

    /// Flow sizes at which completion times are reported separately: short flows suffer queueing, long ones
    /// bandwidth sharing, and one average hides both.
    public static let sizeBuckets: [(label: String, upTo: Int64)] = [
        ("<10KB", 10_000), ("10KB-100KB", 100_000), ("100KB-1MB", 1_000_000), ("1MB-10MB", 10_000_000), (">=10MB", .max),
    ]

    /// Completion time and slowdown (completion ÷ the ideal on an idle fabric), P50 and P99, per size bucket.
    public func completionBySize() -> [ResultValue] {
        var times = Array(repeating: TimeHistogram(), count: Self.sizeBuckets.count)
        var slowdowns = Array(repeating: [Double](), count: Self.sizeBuckets.count)
        for f in flows.indices {
            guard let finish = flows[f].finish else { continue }
            let bucket = Self.sizeBuckets.firstIndex { flows[f].size < $0.upTo } ?? Self.sizeBuckets.count - 1
            let fct = finish - flows[f].start
            times[bucket].record(fct)
            let ideal = idealCompletion(of: f)
            if ideal > .zero, ideal != .max { slowdowns[bucket].append(Double(fct.rawValue) / Double(ideal.rawValue)) }
        }
        return Self.sizeBuckets.indices.compactMap { b -> ResultValue? in
            guard times[b].count > 0 else { return nil }
            let sorted = slowdowns[b].sorted()
            var row = ResultObject()
            row["size"] = .string(Self.sizeBuckets[b].label)
            row["flows"] = .int(times[b].count)
            row["fct_p50_us"] = times[b].percentile(50).map { .double($0.seconds * 1e6) } ?? .null
            row["fct_p99_us"] = times[b].percentile(99).map { .double($0.seconds * 1e6) } ?? .null
            row["slowdown_p50"] = sorted.isEmpty ? .null : .double(sorted[sorted.count / 2])
            row["slowdown_p99"] = sorted.isEmpty ? .null : .double(sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
            return .object(row)
        }
    }

    /// The columns every port table starts with, in this order, so that tables from the network and from
    /// summed collective episodes read alike.
    public static func portRow(
        _ p: Int, topology: Topology, rate: Bandwidth, utilisation: Double, packets: Int64, bytes: Int64,
        peakQueue: Int64, drops: Int64, creditStall: SimTime
    ) -> ResultObject {
        var row = ResultObject()
        row["port"] = .integer(p)
        row["from"] = .string(topology.nodes[topology.ports[p].node.index].name)
        row["to"] = .string(topology.nodes[topology.neighbour(through: PortID(p)).index].name)
        row["rate"] = .string(rate.description)
        row["utilisation"] = .double(utilisation)
        row["packets"] = .integer(packets)
        row["bytes"] = .integer(bytes)
        row["peak_queue_bytes"] = .integer(peakQueue)
        row["drops"] = .integer(drops)
        row["credit_stall_us"] = .double(creditStall.seconds * 1e6)
        return row
    }

    /// Per port that carried traffic: utilisation, queue, drops and credit stalls, busiest first.
    public func portTable(now: SimTime) -> [ResultValue] {
        let elapsed = Double(max(now.rawValue, 1))
        let order = ports.indices.filter { ports[$0].packetsSent > 0 || ports[$0].drops > 0 || ports[$0].pauseFramesSent > 0 }
            .sorted { (ports[$0].busyTime, $1) > (ports[$1].busyTime, $0) }
        return order.map { p in
            var row = Self.portRow(
                p, topology: topology, rate: ports[p].rate, utilisation: Double(ports[p].busyTime.rawValue) / elapsed,
                packets: ports[p].packetsSent, bytes: ports[p].bytesSent, peakQueue: ports[p].peakQueuedBytes,
                drops: ports[p].drops, creditStall: ports[p].creditStallTime)
            row["ecn_marks"] = .integer(ports[p].ecnMarks)
            row["pause_frames_sent"] = .integer(ports[p].pauseFramesSent)
            row["pause_frames_received"] = .integer(ports[p].pauseFramesReceived)
            row["paused_us"] = .double(ports[p].timePaused.seconds * 1e6)
            row["peak_headroom_bytes"] = .integer(ports[p].peakHeadroomUsed)
            return .object(row)
        }
    }
}
