import FabricKernel

/// The running state of one egress port (one direction of a cable): whether it is sending, what is on the wire,
/// and its counters. Queues and credits, which come one per traffic class, live in flat arrays of the network.
public struct PortState: Sendable {
    public var rate: Bandwidth
    public var delay: SimTime
    public var up = true
    /// Sending a packet; its `transmitDone` event is pending. At most one event per port is ever pending.
    public var busy = false
    /// Of the packet being sent: what its `transmitDone` must release.
    var currentBytes: Int64 = 0
    var currentIngress: UInt32 = Packet.noPort
    var currentClass: UInt8 = 0
    /// Packets on the wire (and in the far switch's pipeline), in arrival order; the head's `arrive` event is
    /// pending. At most one event per link is ever pending, whatever the number of packets on it.
    var inFlight = PacketList()
    /// InfiniBand credit messages travelling on this link back to the port at its far end.
    var creditFlight = PacketList()
    /// Wire bytes waiting in this port's queues (all classes).
    public var queuedBytes: Int64 = 0

    // Counters.
    public var packetsSent: Int64 = 0
    public var bytesSent: Int64 = 0
    public var busyTime: SimTime = .zero
    public var peakQueuedBytes: Int64 = 0
    public var drops: Int64 = 0
    /// Time this port had packets waiting but no credits to send them.
    public var creditStallTime: SimTime = .zero
    var stalledSince: SimTime?

    init(rate: Bandwidth, delay: SimTime) {
        self.rate = rate
        self.delay = delay
    }
}
