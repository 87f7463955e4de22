/// The tiers of a fabric's links, by direction: `host→leaf`, `leaf→spine`, `spine→leaf`, ... . What a series of
/// utilisation by tier averages over, whichever network model samples it.
public struct LinkTiers: Sendable, Equatable {
    /// A tier: its slot (from role × 4 + to role, at most 16) and its label, `leaf→spine`.
    public struct Tier: Sendable, Equatable {
        public var slot: Int
        public var label: String
    }

    /// The tiers present, lowest first, upward before downward.
    public let tiers: [Tier]
    /// Per egress port: its tier's slot.
    public let slotOfPort: [Int]
    /// Per egress port: its tier's place in `tiers`.
    public let tierOfPort: [Int]
    /// Per slot: how many ports it has (0 for a tier not present).
    public let portsInSlot: [Int]

    public static let slots = NodeRole.allCases.count * NodeRole.allCases.count

    public init(_ topology: Topology) {
        let slotOfPort = topology.ports.indices.map { p in
            let from = topology.nodes[topology.ports[p].node.index].role.rawValue
            let to = topology.nodes[topology.neighbour(through: PortID(p)).index].role.rawValue
            return Int(from) * NodeRole.allCases.count + Int(to)
        }
        var count = [Int](repeating: 0, count: Self.slots)
        for slot in slotOfPort { count[slot] += 1 }
        let roles = NodeRole.allCases.count
        tiers = count.indices.filter { count[$0] > 0 }.sorted { a, b in
            // Order by the lower of the two tiers, then upward first, then by slot.
            let (af, at) = (a / roles, a % roles)
            let (bf, bt) = (b / roles, b % roles)
            return (min(af, at), af > at ? 1 : 0, a) < (min(bf, bt), bf > bt ? 1 : 0, b)
        }.map { slot in
            Tier(slot: slot, label: "\(NodeRole.allCases[slot / roles])→\(NodeRole.allCases[slot % roles])")
        }
        self.slotOfPort = slotOfPort
        var place = [Int](repeating: -1, count: Self.slots)
        for (t, tier) in tiers.enumerated() { place[tier.slot] = t }
        tierOfPort = slotOfPort.map { place[$0] }
        portsInSlot = count
    }
}
