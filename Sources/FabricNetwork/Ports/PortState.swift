import FabricKernel
import FabricTransport

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
    /// The data class (minus one) this port served last, for the round robin among data classes.
    var lastDataClass: UInt8 = 0
    /// Packets on the wire (and in the far switch's pipeline), in arrival order; the head's `arrive` event is
    /// pending. At most one event per link is ever pending, whatever the number of packets on it.
    var inFlight = PacketList()
    /// Link-level control messages (InfiniBand credits, PFC pause frames) travelling on this link to the port at
    /// its far end; the head's `controlArrive` event is pending.
    var controlFlight = PacketList()
    /// Wire bytes waiting in this port's queues (all classes).
    public var queuedBytes: Int64 = 0

    // Counters.
    public var packetsSent: Int64 = 0
    public var bytesSent: Int64 = 0
    /// Serialisation time of every packet started, credited when it starts; `PacketNetwork.busyTime(port:now:)`
    /// takes off what of the current packet is still to come.
    public var busyTime: SimTime = .zero
    /// When the current packet's last bit will have been serialised.
    var serialisedAt: SimTime = .zero
    public var peakQueuedBytes: Int64 = 0
    public var drops: Int64 = 0
    /// Data packets trimmed to their headers here instead of dropped (`NetworkConfig.trimming`).
    public var trims: Int64 = 0
    /// Time this port had packets waiting but no credits to send them.
    public var creditStallTime: SimTime = .zero
    var stalledSince: SimTime?
    /// PFC: pause frames this port sent upstream (as the ingress of a congested switch) and received (as the
    /// egress told to stop), the time it spent paused, and the most bytes it held beyond its XOFF threshold.
    public var pauseFramesSent: Int64 = 0
    public var pauseFramesReceived: Int64 = 0
    public var timePaused: SimTime = .zero
    public var peakHeadroomUsed: Int64 = 0
    /// ECN: data packets marked when queued at this port.
    public var ecnMarks: Int64 = 0
    /// The pending `pauseExpire` event, if any.
    var pauseWakeAt: SimTime?
    /// Classes currently paused (for the time-paused account).
    var pausedClasses = 0
    var pausedSince: SimTime = .zero

    public init(rate: Bandwidth, delay: SimTime) {
        self.rate = rate
        self.delay = delay
    }
}
