import FabricTopology
import FabricTransport

/// Adaptive routing: each packet takes the least-occupied equal-cost port that is up (queued bytes, plus the
/// packet being sent), as InfiniBand switches do. The flow hash picks where the scan starts, so ties spread
/// over the ports.
struct AdaptiveRouting: LoadBalancer {
    mutating func choose(
        _ candidates: Range<Int>, hops: [PortID], at node: Int, hash: UInt64, ports: [PortState]
    ) -> Int {
        let count = candidates.count
        let start = Int(hash % UInt64(count))
        var best = hops[candidates.lowerBound + start].index
        var bestLoad = Int64.max
        for i in 0..<count {
            let port = hops[candidates.lowerBound + (start + i) % count].index
            guard ports[port].up else { continue }
            let load = ports[port].queuedBytes + (ports[port].busy ? ports[port].currentBytes : 0)
            if load < bestLoad {
                bestLoad = load
                best = port
            }
        }
        return best
    }
}
