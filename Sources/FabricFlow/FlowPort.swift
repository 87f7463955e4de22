import FabricKernel
import FabricTopology
import FabricTransport

/// What the flow network keeps of an egress port: its rate and state, and what its flows carried. No queues:
/// a fluid flow never waits at a port, so its report has no queue figures (`PortReport.queues` is nil).
public struct FlowPort: Sendable {
    public internal(set) var rate: Bandwidth
    public let delay: SimTime
    public internal(set) var up = true
    /// The packets the bytes make, counted as the packet model would cut them.
    public internal(set) var packetsSent: Int64 = 0
    public internal(set) var bytesSent: Int64 = 0
    public internal(set) var busyTime: SimTime = .zero

    init(rate: Bandwidth, delay: SimTime) {
        self.rate = rate
        self.delay = delay
    }

    /// Takes the port's state and rate from `links` after a change.
    mutating func follow(_ links: LinkState, _ port: PortID) {
        up = links.isUp(port)
        rate = links.rate(port)
    }

    var report: PortReport {
        PortReport(
            rate: rate, delay: delay, up: up, packetsSent: packetsSent, bytesSent: bytesSent, busyTime: busyTime,
            queues: nil)
    }
}
