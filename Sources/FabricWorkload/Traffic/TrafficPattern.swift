import FabricKernel
import FabricTransport

/// Synthetic traffic for scenarios and tests: who sends how much to whom, and when.
public enum TrafficPattern: Sendable, Equatable {
    /// Every host sends `bytes` to one other host, each host receiving exactly once: a random derangement drawn
    /// from the run's "traffic.permutation" stream.
    case permutation(bytes: Int64, start: SimTime)
    /// Every host sends `bytes` to every other host.
    case allToAll(bytes: Int64, start: SimTime)
    /// `senders` hosts send `bytes` each to one receiver, all starting at `start` (synchronised).
    case incast(receiver: Int, senders: [Int], bytes: Int64, start: SimTime)
    /// Explicit flows.
    case flows([FlowRequest])

    /// The flows of the pattern over `hosts` hosts, in a fixed order.
    public func requests(hosts: Int, seed: UInt64, trafficClass: Int = 1) -> [FlowRequest] {
        switch self {
        case .permutation(let bytes, let start):
            var stream = RandomStream(seed: seed, name: "traffic.permutation")
            return Self.derangement(hosts, &stream).enumerated().map { source, destination in
                FlowRequest(
                    source: source, destination: destination, bytes: bytes, start: start, trafficClass: trafficClass)
            }
        case .allToAll(let bytes, let start):
            var requests: [FlowRequest] = []
            for source in 0..<hosts {
                for offset in 1..<hosts {
                    requests.append(
                        FlowRequest(
                            source: source, destination: (source + offset) % hosts, bytes: bytes,
                            start: start, trafficClass: trafficClass))
                }
            }
            return requests
        case .incast(let receiver, let senders, let bytes, let start):
            return senders.map {
                FlowRequest(source: $0, destination: receiver, bytes: bytes, start: start, trafficClass: trafficClass)
            }
        case .flows(let requests):
            return requests
        }
    }

    /// A uniformly random permutation with no fixed point (Sattolo's algorithm gives a single cycle, which has
    /// none): no host sends to itself.
    static func derangement(_ n: Int, _ stream: inout RandomStream) -> [Int] {
        var order = Array(0..<n)
        guard n > 1 else { return order }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(stream.nextIndex(below: UInt64(i)))
            order.swapAt(i, j)
        }
        return order
    }
}
