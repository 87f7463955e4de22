import FabricKernel
import FabricTopology
import FabricTransport

// Where the network calls the congestion controller in force (CongestionControllers): data sent (the NIC),
// data arrived and acknowledgements and notifications received (the endpoints), the controller's timer, and a
// flow's start and delivery. The controller's answer — the rate the NIC paces a flow at, and its window — goes
// into the flow's slot, where the NIC reads it.

extension PacketNetwork {
    /// The flow in slot `f` as its controller sees it, its sender's port running at `lineRate`.
    func controlled(_ f: Int, now: SimTime, lineRate: Bandwidth) -> ControlledFlow {
        ControlledFlow(
            slot: f, now: now, lineRate: lineRate, timerTarget: eventTarget(flow: f), nextToSend: flows[f].nextToSend,
            packetsInFlight: flows[f].unanswered, pacingRate: flows[f].pacingRate, window: flows[f].window)
    }

    /// The flow in slot `f` as its controller sees it when it takes the slot: its sender's rate, and its base round
    /// trip if the controller asks for it.
    func started(_ f: Int) -> StartedFlow {
        let roundTrip = feedback.contains(.baseRoundTrip) ? baseRoundTrip(f) : .zero
        return StartedFlow(slot: f, lineRate: senderRate(f), baseRoundTrip: roundTrip)
    }

    /// Flow `f`'s round trip on its idle path — a full data packet out, its ACK back — or zero when it has no route.
    func baseRoundTrip(_ f: Int) -> SimTime {
        let source = Int(flows[f].source)
        let destination = Int(flows[f].destination)
        let data = ByteCount(Int64(config.wireBytes(payload: config.mtu)))
        guard let out = onePacketLatency(from: source, to: destination, wire: data),
            let back = onePacketLatency(from: destination, to: source, wire: ByteCount(Int64(config.ackBytes)))
        else { return .zero }
        return out.latency + back.latency
    }

    /// What the controller set for a flow goes into its slot, where the NIC reads it.
    @inline(__always)
    mutating func adopt(_ flow: ControlledFlow) {
        flows[flow.slot].pacingRate = flow.pacingRate
        flows[flow.slot].window = flow.window
    }

    /// The rate of the port that flow `f`'s sender sends on.
    func senderRate(_ f: Int) -> Bandwidth { ports[topology.uplink(ofHost: Int(flows[f].source)).index].rate }

    /// A data packet of `bytes` wire bytes of flow `f` goes on the wire at its sender's port `p`.
    mutating func congestionDataSent(flow f: Int, port p: Int, bytes: Int, _ scheduler: inout Scheduler) {
        var flow = controlled(f, now: scheduler.now, lineRate: ports[p].rate)
        congestion.dataSent(&flow, bytes: bytes, &scheduler)
        adopt(flow)
    }

    /// An acknowledgement `ack` of flow `f` reached its sender. What it does to the flow's window is seen once the
    /// ACK is counted (`receive`).
    mutating func congestionAcknowledged(flow f: Int, _ ack: Packet, _ scheduler: inout Scheduler) {
        guard flows[f].finish == nil else { return }
        var flow = controlled(f, now: scheduler.now, lineRate: senderRate(f))
        if telemetry.isOn {
            congestion.acknowledged(ack, telemetry: telemetry.received, &flow, &scheduler)
        } else {
            congestion.acknowledged(ack, &flow, &scheduler)
        }
        adopt(flow)
    }

    /// A congestion notification of flow `f` reached its sender.
    mutating func congestionNotified(flow f: Int, _ notification: Packet, _ scheduler: inout Scheduler) {
        guard flows[f].finish == nil else { return }
        var flow = controlled(f, now: scheduler.now, lineRate: senderRate(f))
        congestion.notified(notification, &flow, &scheduler)
        adopt(flow)
        reopenWindow(flow: f, &scheduler)
    }

    /// A NACK of flow `f`'s trimmed packet reached its sender (PacketNetwork+Trimming.swift).
    mutating func congestionTrimmed(flow f: Int, _ nack: Packet, _ scheduler: inout Scheduler) {
        var flow = controlled(f, now: scheduler.now, lineRate: senderRate(f))
        congestion.trimmed(nack, &flow, &scheduler)
        adopt(flow)
    }

    /// The controller's timer for flow `f`. A delivered flow's timers were cancelled (`complete`).
    mutating func congestionTimer(flow f: Int, _ scheduler: inout Scheduler) {
        guard flows[f].finish == nil else { return }
        var flow = controlled(f, now: scheduler.now, lineRate: senderRate(f))
        congestion.timer(&flow, &scheduler)
        adopt(flow)
        reopenWindow(flow: f, &scheduler)
    }
}
