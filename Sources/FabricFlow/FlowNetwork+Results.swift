import FabricKernel
import FabricMetrics
import FabricTopology
import FabricTransport

extension FlowNetwork {
    /// Every flow's rate, integrated over time, equals its wire bytes when it drains (to within a byte: drain
    /// times are rounded up to the picosecond); and bytes injected = drained + still on the way.
    public var conservation: ResultCheck {
        var inFlight: Int64 = 0
        for flow in slots where flow.started { inFlight += flow.wire }
        let balanced = counters.bytesInjected == counters.bytesDelivered + inFlight
        return ResultCheck(
            name: "fluid byte conservation", passed: balanced && worstDrainError <= 1,
            detail:
                "injected \(counters.bytesInjected) = drained \(counters.bytesDelivered) + in flight \(inFlight) bytes; "
                + "largest difference between a flow's bytes and its rate's integral \(worstDrainError) bytes")
    }

    /// The payload share of the wire bytes drained so far (all of it once delivered): what a flow cut short
    /// keeps. Fluid bytes arrive in order, so every drained byte counts.
    public func deliveredBytes(of f: Int) -> Int64 {
        let record = record(f)
        if record.isComplete { return record.size }
        let s = Int(slotOfFlow[f])
        return s >= 0 ? deliveredBytes(slot: s) : 0
    }

    /// The payload share of what the flow in slot `s` has drained so far.
    func deliveredBytes(slot s: Int) -> Int64 {
        guard slots[s].started, slots[s].wire > 0 else { return 0 }
        let size = slots[s].size
        let drained = min(
            Double(slots[s].wire), slots[s].sent + slots[s].rate * Double((clock - slots[s].updated).rawValue))
        return min(size, Int64((drained * Double(size) / Double(slots[s].wire)).rounded(.down)))
    }

    /// The flow alone on the idle path it took: its path latency plus its wire bytes at the path's slowest rate.
    public func idealCompletion(of f: Int) -> SimTime { record(f).ideal }

    public func finishTime(of f: Int) -> SimTime? {
        let record = record(f)
        return record.isComplete ? record.finish : nil
    }

    /// Flow `f`'s record; refused for a flow never sent or whose record was not kept (`keepFlowRecords`).
    func record(_ f: Int) -> FlowRecord {
        precondition(f >= 0 && f < flowsSent, "flow \(f) was never sent (\(flowsSent) flows sent)")
        precondition(
            f < records.count,
            "flow \(f): no record kept — the network keeps records of the first \(recordLimit) flows sent (keepFlowRecords)"
        )
        return records[f]
    }

    /// Alone, a message drains its wire bytes (acknowledgements included) at the host cable's nominal rate.
    public func injectionTime(bytes: Int64, host: Int) -> SimTime {
        topology.port(topology.uplink(ofHost: host)).rate.serializationTime(of: ByteCount(wireBytes(payload: bytes)))
    }

    /// The network's figures for the run summary: flow completion times and slowdowns, goodput, the ports;
    /// what only packets show (queues, drops, pauses, marks, credit stalls) is null: not available.
    public func metrics(now: SimTime) -> ResultObject {
        precondition(gathersStatistics, "the flow statistics were not gathered: the owner discarded the flow records")
        var completions = unrecordedCompletions
        for record in records where record.isComplete {
            completions.add(size: record.size, time: record.finish - record.start, ideal: record.ideal)
        }
        var metrics = ResultObject()
        metrics["flows"] = .integer(flowsSent)
        metrics["flows_completed"] = .integer(counters.flowsCompleted)
        completions.write(into: &metrics)
        // As the packet model counts it: payload delivered in order, flows in progress included.
        var partial: Int64 = 0
        for s in slots.indices { partial += deliveredBytes(slot: s) }
        metrics["goodput_bytes"] = .integer(counters.goodputBytes + partial)
        for key in Self.packetFigures { metrics[key] = .null }
        metrics["rate_recomputations"] = .integer(reallocations)
        metrics["flows_reallocated"] = .integer(flowsReallocated)
        metrics["fct_by_size"] = .array(completions.bySize())
        metrics["ports"] = .array(portTable(now: now))
        return metrics
    }

    /// The packet network's headline figures that flow mode cannot produce, in the packet network's order: null,
    /// not available, so that a reader does not take a zero the model did not measure.
    static let packetFigures = [
        "packets_injected", "packets_delivered", "packets_dropped", "drops_buffer_full", "drops_link_down",
        "packets_retransmitted", "retransmission_timeouts", "nacks", "packet_hops", "peak_switch_buffer_bytes",
        "credit_stall_us", "pause_frames", "ecn_marks", "cnps", "drops_headroom_overrun",
    ]

    public func port(_ p: Int) -> PortReport { ports[p].report }

    /// Per port that carried traffic: utilisation and bytes, busiest first.
    public func portTable(now: SimTime) -> [ResultValue] {
        let elapsed = Double(max(now.rawValue, 1))
        let order = ports.indices.filter { ports[$0].bytesSent > 0 }.sorted {
            (ports[$0].busyTime, $1) > (ports[$1].busyTime, $0)
        }
        return order.map { p in
            .object(
                PortTable.row(
                    p, topology: topology, rate: ports[p].rate,
                    utilisation: Double(ports[p].busyTime.rawValue) / elapsed,
                    packets: ports[p].packetsSent, bytes: ports[p].bytesSent, queues: nil))
        }
    }
}

extension FlowNetwork {
    /// A flow in progress as the allocation sees it: its rate now (bits per second) and the ports of its path.
    public struct Allocation: Sendable, Equatable {
        public var flow: Int
        public var rate: Double
        public var path: [Int]
    }

    /// Every flow that has started and not drained, in slot order: for tests and diagnostics.
    public var allocations: [Allocation] {
        slots.indices.filter { slots[$0].started }.map { s in
            let start = Int(slots[s].pathStart)
            return Allocation(
                flow: Int(slots[s].flow), rate: slots[s].rate * 8e12,
                path: (0..<Int(slots[s].hops)).map { Int(pathPorts[start + $0]) })
        }
    }
}
