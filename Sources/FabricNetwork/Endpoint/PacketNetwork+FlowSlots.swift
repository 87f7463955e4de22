import FabricKernel
import FabricTransport

// The flow table's slots (docs/design/0007-flow-slots.md). A flow takes a slot when it is sent and gives it back
// once it is delivered and none of its packets is left in the network — no data packet queued or on a wire, no
// acknowledgement, NACK or CNP on its way — so that a late packet of a finished flow still finds that flow (a
// duplicate is acknowledged again, as before) and never the slot's next owner. Timers need no counting: a
// flow's pending timers are cancelled when it is delivered, and a cancelled event never runs. Packets name the
// slot; clients name the flow by the number `send` returned, and reach it through its record.

extension PacketNetwork {
    /// A slot for `flow`: the most recently released one, else a new one at the end of the table.
    mutating func takeSlot(for flow: Flow, _ scheduler: inout Scheduler) -> Int {
        let slot: Int
        if let s = freeSlots.popLast() {
            slot = Int(s)
            flows[slot] = flow
        } else {
            slot = flows.count
            flows.append(flow)
        }
        receivers.flowStarted(slot: slot, packets: flow.packets)
        if trimming { retransmits.flowStarted(slot: slot) }
        if sprays { packetEntropies.flowStarted(slot: slot) }
        if receiverGrants { grantsFlowStarted(slot) }
        var started = started(slot)
        congestion.flowStarted(&started, &scheduler)
        flows[slot].pacingRate = started.pacingRate
        flows[slot].window = started.window
        return slot
    }

    /// One of the packets of the flow in slot `f` left the network, delivered or dropped: the last of a delivered
    /// flow releases the slot, and its receiver's state (a selective receiver's bitmap).
    mutating func packetLeft(flow f: Int) {
        flows[f].outstanding -= 1
        assert(flows[f].outstanding >= 0, "slot \(f): more packets left than were injected")
        guard flows[f].outstanding == 0, flows[f].isComplete else { return }
        receivers.flowReleased(slot: f, packets: flows[f].packets)
        let id = flows[f].id
        if id < records.count { records[id].slot = -1 }
        freeSlots.append(Int32(f))
    }

    /// The target of the events of the flow in slot `f`: its number, so that which slot a flow took leaves no
    /// trace in the events (and in a run's fingerprint); the slot travels as the event's argument.
    func eventTarget(flow f: Int) -> ComponentID { ComponentID(rawValue: UInt32(truncatingIfNeeded: flows[f].id)) }

    /// Flow `f`'s record. A number never returned by `send`, or of a flow whose record was not kept, is refused
    /// with the reason: it is never read as another flow.
    public func record(_ f: Int) -> MessageRecord {
        precondition(f >= 0 && f < flowsSent, "flow \(f) was never sent (\(flowsSent) flows sent)")
        precondition(
            f < records.count,
            "flow \(f): no record kept — the network keeps records of the first \(recordLimit) flows sent (keepFlowRecords)"
        )
        return records[f]
    }

    /// Flow `f` while it holds its slot: its sender and receiver state, for tests and diagnostics. Refused once
    /// the flow is delivered and its packets are gone (its slot may serve another flow by then).
    public func flow(_ f: Int) -> Flow {
        let s = Int(record(f).slot)
        precondition(s >= 0, "flow \(f) is delivered and its slot released: only its record remains")
        assert(flows[s].id == f, "slot \(s) holds flow \(flows[s].id), its record says flow \(f)")
        return flows[s]
    }

    /// Keeps the records of the first `count` flows sent only (all by default): what the owner reads one by one.
    /// The flow statistics of the others are gathered as they are delivered. Called before the first flow is
    /// sent.
    public mutating func keepFlowRecords(first count: Int) {
        precondition(flowsSent == 0, "flow records are chosen before the first flow is sent")
        recordLimit = max(0, count)
    }

    /// Keeps no record and no flow statistics, for an owner that reads neither (a collective sweep): `metrics`
    /// then refuses, as the per-flow queries do. Called before the first flow is sent.
    public mutating func discardFlowRecords() {
        keepFlowRecords(first: 0)
        gathersStatistics = false
    }

    /// Slots in the flow table: the peak number of flows held at once, not the number sent.
    public var flowSlots: Int { flows.count }
    /// Flows holding a slot: in progress, or delivered with packets still in the network.
    public var flowsHeld: Int { flows.count - freeSlots.count }
    /// Words of received-packet bitmaps (selective receivers).
    public var bitmapWords: Int { receivers.stateWords }
}
