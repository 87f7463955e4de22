import FabricKernel

/// What a network model reports of one egress port (one direction of a cable), whatever its fidelity: what
/// the layers above read (idle-path latency, port tables summed over episodes, the critical link of a step).
///
/// The model's own running state of a port (packets on the wire, PFC pauses, credits, ECN marks) stays in the
/// model; this is a value built when asked for, off the event loop.
public struct PortReport: Sendable, Equatable {
    /// The rate now: a degraded cable's lower rate after a fault.
    public var rate: Bandwidth
    public var delay: SimTime
    public var up: Bool
    /// Packets sent (a fluid model counts the packets its flows would have been cut into).
    public var packetsSent: Int64
    /// Wire bytes sent.
    public var bytesSent: Int64
    /// Serialisation time of everything started on the port, credited when it starts.
    public var busyTime: SimTime
    /// What only a model with queues sees; nil from one without (a fluid model), reported as not available.
    public var queues: PortQueues?

    public init(
        rate: Bandwidth, delay: SimTime, up: Bool, packetsSent: Int64, bytesSent: Int64, busyTime: SimTime,
        queues: PortQueues?
    ) {
        self.rate = rate
        self.delay = delay
        self.up = up
        self.packetsSent = packetsSent
        self.bytesSent = bytesSent
        self.busyTime = busyTime
        self.queues = queues
    }
}

/// A port's queue figures: what a model that queues packets can report and a fluid one cannot.
public struct PortQueues: Sendable, Equatable {
    public var peakQueuedBytes: Int64
    public var drops: Int64
    /// Time the port had packets waiting but no credits to send them (InfiniBand).
    public var creditStallTime: SimTime

    public init(peakQueuedBytes: Int64, drops: Int64, creditStallTime: SimTime) {
        self.peakQueuedBytes = peakQueuedBytes
        self.drops = drops
        self.creditStallTime = creditStallTime
    }
}
