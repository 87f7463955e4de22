import FabricKernel
import FabricTransport

/// A congestion controller: what a sender's NIC does with the network's feedback. The network calls its hooks
/// at fixed points of a flow's life and reads back what the controller sets in `ControlledFlow` — the rate the
/// NIC paces the flow at, and the window of bytes it may have in flight. A controller keeps its per-flow state itself, in flat arrays indexed by slot
/// (docs/design/0007-flow-slots.md), and is listed once in `CongestionControllers`: the network never names
/// one (docs/design/0010-congestion-control.md).
///
/// Every hook has a default that does nothing, so a controller writes only the ones it reacts to. Hooks are
/// called on the hot path through a switch over the list, specialised: no existential, no closure.
protocol CongestionControl: Sendable {
    /// A flow took a slot (a new slot at the end of the table, or one released): its state starts afresh, and
    /// the controller may give it a window and a rate to start with.
    mutating func flowStarted(_ flow: inout StartedFlow)
    /// The sender put a data packet of `bytes` wire bytes on the wire.
    mutating func dataSent(_ flow: inout ControlledFlow, bytes: Int, _ scheduler: inout Scheduler)
    /// Receiver side: data packet `packet` arrived (its ECN mark, and whatever else a switch stamped on it). True
    /// asks the network to send the sender a congestion notification (a CNP).
    mutating func dataArrived(_ packet: Packet, slot: Int, now: SimTime) -> Bool
    /// Sender: an acknowledgement `ack` arrived — the fields the receiver echoes (sequence, ECN; timestamps or
    /// in-band telemetry for controllers that need them) are in the packet.
    mutating func acknowledged(_ ack: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler)
    /// Sender: an acknowledgement `ack` arrived with the hop records its data packet gathered at switch egress
    /// (in-band telemetry, PacketNetwork+Telemetry.swift). Called instead of `acknowledged(_:_:_:)` when the
    /// controller in force asks for telemetry (`ControllerFeedback.inBandTelemetry`).
    mutating func acknowledged(
        _ ack: Packet, telemetry: HopTrace, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler)
    /// Sender: a congestion notification `notification` arrived for the flow.
    mutating func notified(_ notification: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler)
    /// Sender: a switch trimmed data packet `nack.sequence` for want of buffer, and its receiver NACKed it
    /// (`NetworkConfig.trimming`); the NIC resends it at once. `nack` echoes the trimmed packet's send stamp.
    mutating func trimmed(_ nack: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler)
    /// The controller's timer for the flow fired (an event of kind `NetworkEvent.congestionTimer` it scheduled
    /// for `flow.timerTarget` with the slot as argument).
    mutating func timer(_ flow: inout ControlledFlow, _ scheduler: inout Scheduler)
    /// The flow is delivered: its pending timers are cancelled, so that they neither run nor hold the clock.
    mutating func flowFinished(slot: Int, _ scheduler: inout Scheduler)
}

extension CongestionControl {
    mutating func flowStarted(_ flow: inout StartedFlow) {}
    mutating func dataSent(_ flow: inout ControlledFlow, bytes: Int, _ scheduler: inout Scheduler) {}
    mutating func dataArrived(_ packet: Packet, slot: Int, now: SimTime) -> Bool { false }
    mutating func acknowledged(_ ack: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {}
    mutating func acknowledged(
        _ ack: Packet, telemetry: HopTrace, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler
    ) {
        acknowledged(ack, &flow, &scheduler)
    }
    mutating func notified(_ notification: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {}
    mutating func trimmed(_ nack: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {}
    mutating func timer(_ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {}
    mutating func flowFinished(slot: Int, _ scheduler: inout Scheduler) {}
}

/// A flow as its controller sees it when the flow takes its slot (when it is sent, before it starts), and what
/// it starts with.
struct StartedFlow {
    let slot: Int
    /// The rate of the sender's port.
    let lineRate: Bandwidth
    /// Its round trip on the idle path — a full data packet out, its ACK back — when the controller asks for it
    /// (`ControllerFeedback.baseRoundTrip`); zero otherwise, or when the flow has no route yet.
    let baseRoundTrip: SimTime
    /// The pacing rate and window it starts with, as in `ControlledFlow`: none, unless the controller sets them.
    var pacingRate: Bandwidth?
    var window: ByteCount?
}

/// A flow as a congestion controller's sender-side hooks see it: which flow, when, the rate of its NIC's port,
/// where its timer events go, and what the controller sets for the NIC: a rate-based controller sets the pacing
/// rate, a window-based one the window (and usually a rate too, the window over the round trip).
struct ControlledFlow {
    /// Its slot in the flow table: where the controller keeps its state for it.
    let slot: Int
    let now: SimTime
    /// The rate of the sender's port now (a fault may have lowered it): what a rate-based controller climbs
    /// back to.
    let lineRate: Bandwidth
    /// The target of the flow's timer events (its number, so that slots leave no trace in the event stream).
    let timerTarget: ComponentID
    /// One past the last packet the NIC has sent (it goes back on a NACK or a timeout): with an ACK's cumulative
    /// count, the packets in flight.
    let nextToSend: UInt32
    /// Data packets sent and not yet answered by an ACK or NACK, when the controller counts its window so
    /// (`ControllerFeedback.packetsInFlight`); 0 otherwise.
    let packetsInFlight: Int32
    /// The rate the NIC paces the flow at; nil for line rate.
    var pacingRate: Bandwidth?
    /// Payload bytes the flow may have in flight — sent and not yet cumulatively acknowledged; nil for no limit.
    /// The NIC sends a packet only if the flow stays within it (or when nothing is in flight, so that a window
    /// below one packet still moves); an ACK that opens it wakes the sender (PacketNetwork+Window.swift).
    var window: ByteCount?

    /// Schedules the controller's timer for this flow at `time`.
    func scheduleTimer(at time: SimTime, _ scheduler: inout Scheduler) -> EventID {
        scheduler.schedule(
            PacketNetwork.NetworkEvent.congestionTimer.kind, for: timerTarget, at: time, argument: UInt64(slot))
    }
}
