import FabricTopology
import FabricTransport

/// How a switch chooses among the equal-cost egress ports toward a packet's destination. Listed once in
/// `LoadBalancers`; the network calls `choose` for every packet at a switch with more than one candidate
/// (docs/design/0011-load-balancing-and-receivers.md).
protocol LoadBalancer: Sendable {
    /// One of the ports `hops[candidates]` (at least two) for a packet at switch `node`. `hash` is its flow's
    /// ECMP hash at this switch (`ECMP.mix(entropy ^ salt)`); `ports` is every egress port's state now.
    mutating func choose(
        _ candidates: Range<Int>, hops: [PortID], at node: Int, hash: UInt64, ports: [PortState]
    ) -> Int
}
