import FabricKernel
import FabricTransport

/// One message from one host to another: a queue pair's send of `size` bytes, reliable, go-back-N.
///
/// Sender state (what to send next, what is acknowledged) and the receiver's progress (what it holds in order)
/// live together: the simulator sees both ends. What only one mechanism reads — the congestion controller's
/// state, a receiver's NACK memory or bitmap — lives with that mechanism, by slot. A flow lives in a slot of the network's flow table, by index, from its `send`
/// until it is delivered and the last of its packets has left the network; the slot then serves a later flow
/// (docs/design/0007-flow-slots.md).
public struct Flow: Sendable {
    /// What `send` returned for it: flows are numbered in the order they were sent, and a slot's `id` tells
    /// which of the flows that used the slot holds it now (a generation counter that never wraps).
    public let id: Int
    public var source: UInt32
    public var destination: UInt32
    public var size: Int64
    public var packets: UInt32
    public var trafficClass: UInt8
    public var start: SimTime
    /// When the last packet was acknowledged; `nil` while in progress.
    public var finish: SimTime?

    // Whom to tell when it completes.
    var notifyTarget: ComponentID
    var notifyKind: EventKind
    var notifyTag: UInt64

    /// Hashed with each switch's salt to choose the flow's ECMP path (the UDP source port of RoCEv2).
    var entropy: UInt64

    // Sender.
    var nextToSend: UInt32 = 0
    /// One past the highest sequence ever sent: a packet below it is a retransmission.
    var highestSent: UInt32 = 0
    var acknowledged: UInt32 = 0
    var lastProgress: SimTime = .zero
    var timerPending = false
    /// The pending retransmission timer, cancelled when the flow completes so that a finished run does not
    /// idle on to it.
    var timerEvent: EventID?
    var started = false
    /// Pacing: the earliest time the next packet may leave (line rate when no congestion control sets a rate).
    var nextSendTime: SimTime = .zero
    var pacingRate: Bandwidth?
    /// Payload bytes it may have in flight (sent and not yet cumulatively acknowledged), set by a window-based
    /// congestion controller; nil for no limit (PacketNetwork+Window.swift).
    var window: ByteCount?
    /// Data packets sent and not yet answered by an ACK or NACK (`ControllerFeedback.packetsInFlight`): what the
    /// window holds when the controller counts it so. Cleared by a timeout, which gives up on them.
    var unanswered: Int32 = 0
    public var retransmittedPackets: Int64 = 0
    public var timeouts: Int64 = 0

    // The NIC's round-robin list of flows with data to send.
    var active = false
    var nextActive: UInt32 = 0
    var previousActive: UInt32 = 0

    // Receiver.
    /// Packets the receiver holds in order: the flow's progress as the receiver sees it.
    public internal(set) var expected: UInt32 = 0

    /// Its packets in the network: data, acknowledgements, NACKs and CNPs injected and not yet delivered or
    /// dropped. The slot is released only when this is zero and the flow is delivered, so that no packet ever
    /// names a slot that has passed to another flow.
    var outstanding: Int32 = 0

    public var isComplete: Bool { finish != nil }
}
