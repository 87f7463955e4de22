import FabricTopology
import FabricTransport

/// The load balancers, and the one in force: the list. Adding one is a case here, its line in `init` and its
/// line in `choose` (docs/design/0011-load-balancing-and-receivers.md). An enum, as `CongestionControllers` is
/// and for the same reasons: the scenario chooses at run time, and the switch calls the balancer directly.
enum LoadBalancers: Sendable {
    case ecmp(FlowHashing)
    case spray(Spraying)
    case adaptive(AdaptiveRouting)
    /// ECMP's hash, of each packet's own entropy (`PacketEntropies`) rather than its flow's.
    case entropySpray(FlowHashing)

    init(_ config: NetworkConfig, nodes: Int) {
        switch config.loadBalancing {
        case .ecmp: self = .ecmp(FlowHashing())
        case .spray: self = .spray(Spraying(nodes: nodes))
        case .adaptive: self = .adaptive(AdaptiveRouting())
        case .entropySpray: self = .entropySpray(FlowHashing())
        }
    }

    @inline(__always)
    mutating func choose(
        _ candidates: Range<Int>, hops: [PortID], at node: Int, hash: UInt64, ports: [PortState]
    ) -> Int {
        switch consume self {
        case .ecmp(var b):
            defer { self = .ecmp(b) }
            return b.choose(candidates, hops: hops, at: node, hash: hash, ports: ports)
        case .spray(var b):
            defer { self = .spray(b) }
            return b.choose(candidates, hops: hops, at: node, hash: hash, ports: ports)
        case .adaptive(var b):
            defer { self = .adaptive(b) }
            return b.choose(candidates, hops: hops, at: node, hash: hash, ports: ports)
        case .entropySpray(var b):
            defer { self = .entropySpray(b) }
            return b.choose(candidates, hops: hops, at: node, hash: hash, ports: ports)
        }
    }
}
