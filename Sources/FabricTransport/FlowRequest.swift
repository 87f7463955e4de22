import FabricKernel

/// A message to send: the network's interface to the layers above.
public struct FlowRequest: Sendable, Equatable {
    public var source: Int
    public var destination: Int
    public var bytes: Int64
    public var start: SimTime
    public var trafficClass: Int
    /// The message's flow entropy — what ECMP hashes (the UDP source port of RoCEv2, which a NIC derives from the
    /// queue pair): the messages of one queue pair give the same value and so take the same path. Nil draws a
    /// fresh one from the network's entropy stream, for a message on a connection of its own.
    public var entropy: UInt64?

    public init(
        source: Int, destination: Int, bytes: Int64, start: SimTime, trafficClass: Int = 1, entropy: UInt64? = nil
    ) {
        self.source = source
        self.destination = destination
        self.bytes = bytes
        self.start = start
        self.trafficClass = trafficClass
        self.entropy = entropy
    }
}
