import FabricKernel
import FabricTransport

/// What a packet is for.
public enum PacketKind: UInt8, Sendable {
    case data
    /// Cumulative acknowledgement: `sequence` = the number of packets received in order.
    case ack
    /// Go-back-N negative acknowledgement: `sequence` = the packet the receiver expects next.
    case nack
    /// InfiniBand flow-control update travelling back over a link: `bytes` = blocks returned (never queued,
    /// never serialised; it models the credit field of link-level flow-control packets).
    case credit
    /// A PFC pause frame for one priority, travelling back over a link: `sequence` = pause quanta (0 resumes).
    case pause
    /// A congestion notification from a receiver to the sender of a flow (for controllers that ask for one,
    /// `CongestionControl.dataArrived`).
    case cnp
    /// A data packet a switch trimmed to its headers for want of buffer (`NetworkConfig.trimming`): `sequence` is
    /// the data packet's; it carries no payload and travels in class 0, ahead of data.
    case trimmed
    /// The receiver's answer to a trimmed packet: `sequence` = the packet to send again, that one only (a
    /// selective NACK, unlike go-back-N's `nack`).
    case trimNack
    /// Receiver credit from a flow's receiver to its sender (`NetworkConfig.receiverCredits`): `sequence` = the
    /// packets of new data the sender may have sent in all (a cumulative limit, so a late grant does no harm).
    case grant
}

/// One packet, stored in the `PacketPool` and referred to by index. A packet is in at most one list at a time
/// (an egress queue, a link's in-flight list, or the free list), linked through `next`.
public struct Packet: Sendable {
    public var flow: UInt32
    public var sequence: UInt32
    /// Bytes on the wire (payload plus framing); for a credit message, the blocks returned.
    public var bytes: UInt32
    /// Application bytes carried (0 for control packets).
    public var payload: UInt32
    public var source: UInt32
    public var destination: UInt32
    public var kind: PacketKind
    public var trafficClass: UInt8
    /// Links crossed so far.
    public var hops: UInt8
    /// Congestion experienced: set by a switch's ECN marking.
    public var ecn = false
    /// The port of the current switch through which the packet arrived (the peer of the link it came over);
    /// where its buffer is accounted and its credits are returned to. `noPort` at the source.
    public var ingress: UInt32
    /// When the packet (its head under cut-through, else its tail) reaches the far end of the link it is on.
    public var arrival: SimTime
    /// When its last bit reaches the far end: a cut-through switch cannot finish sending it earlier.
    public var tailArrival: SimTime
    /// Intrusive list link (`PacketPool.none` at the end of a list).
    public var next: UInt32
    /// A data packet: its sender's clock when it left the NIC, in nanoseconds modulo 2³² (`Packet.stamp(_:)`);
    /// an acknowledgement or NACK: the stamp of the data packet that caused it, echoed, so that the sender
    /// measures the round trip (`roundTrip(now:)`) as delay-based controllers do with NIC timestamps. It fills
    /// the four bytes of padding after `next`: the packet stays 56 bytes.
    public var stamp: UInt32 = 0

    public static let noPort = UInt32.max
}

extension Packet {
    /// The stamp of a packet leaving at `now`: the clock in nanoseconds, modulo 2³², which a round trip of up to
    /// 4.29 s reads back without ambiguity.
    @inline(__always)
    public static func stamp(_ now: SimTime) -> UInt32 { UInt32(truncatingIfNeeded: now.rawValue / 1000) }

    /// An acknowledgement's round trip at `now`: from its data packet leaving the sender to the acknowledgement
    /// reaching it (the stamp it echoes), to the nanosecond.
    @inline(__always)
    public func roundTrip(now: SimTime) -> SimTime { .nanoseconds(Int64(Packet.stamp(now) &- stamp)) }
}
