import FabricTopology
import FabricTransport

/// ECMP per flow: every packet of a flow takes the port its hash picks, so a flow keeps one path (and its
/// packets their order), and a few elephant flows hashed onto one link collide — the real-world failure.
struct FlowHashing: LoadBalancer {
    mutating func choose(
        _ candidates: Range<Int>, hops: [PortID], at node: Int, hash: UInt64, ports: [PortState]
    ) -> Int {
        hops[candidates.lowerBound + Int(hash % UInt64(candidates.count))].index
    }
}
