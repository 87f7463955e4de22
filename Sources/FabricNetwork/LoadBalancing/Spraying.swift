import FabricTopology
import FabricTransport

/// Packet spraying: each switch sends each packet to the next of the equal-cost ports in turn, whatever its
/// flow (a round-robin cursor per switch), so load spreads evenly and a flow's packets may arrive out of order.
struct Spraying: LoadBalancer {
    /// Per node: the turn of the next packet.
    private var cursor: [UInt32]

    init(nodes: Int) {
        cursor = Array(repeating: 0, count: nodes)
    }

    mutating func choose(
        _ candidates: Range<Int>, hops: [PortID], at node: Int, hash: UInt64, ports: [PortState]
    ) -> Int {
        let turn = Int(cursor[node] % UInt32(candidates.count))
        cursor[node] &+= 1
        return hops[candidates.lowerBound + turn].index
    }
}
