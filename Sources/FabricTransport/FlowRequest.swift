import FabricKernel

/// A message to send: the network's interface to the layers above.
public struct FlowRequest: Sendable, Equatable {
    public var source: Int
    public var destination: Int
    public var bytes: Int64
    public var start: SimTime
    public var trafficClass: Int

    public init(source: Int, destination: Int, bytes: Int64, start: SimTime, trafficClass: Int = 1) {
        self.source = source
        self.destination = destination
        self.bytes = bytes
        self.start = start
        self.trafficClass = trafficClass
    }
}
