import FabricKernel
import FabricTransport

/// What the packet network keeps of a flow beyond its slot: endpoints, size, start and delivery — what
/// `finishTime(of:)`, `idealCompletion(of:)` and `deliveredBytes(of:)` read once the slot serves another flow.
/// Kept for the flows an owner reads one by one (`keepFlowRecords(first:)`): 40 bytes a flow, where a slot costs
/// 208, its congestion controller's state up to about 120 more and its received-packet bitmap a bit per packet.
public struct MessageRecord: Sendable, Equatable {
    public let source: UInt32
    public let destination: UInt32
    /// Payload bytes.
    public let size: Int64
    public let start: SimTime
    /// When its last packet was acknowledged; `.max` while in progress.
    var delivered: SimTime = .max
    /// Packets it was cut into.
    public let packets: UInt32
    /// Its slot in the flow table while it holds one; −1 once the slot is released.
    var slot: Int32

    init(_ flow: Flow, slot: Int) {
        source = flow.source
        destination = flow.destination
        size = flow.size
        packets = flow.packets
        start = flow.start
        self.slot = Int32(slot)
    }

    /// When its last packet was acknowledged; nil while in progress.
    public var finish: SimTime? { delivered == .max ? nil : delivered }
    public var isComplete: Bool { delivered != .max }
}
