/// What a node is in the fabric: a label for names, reports and the tiers of a link (`LinkTiers`). The figures that
/// need a node's height in the fabric read it from the graph (`NodeLevels`), not from its role, so a fabric whose
/// roles are not Clos tiers (a ring, a file's own design) is described right.
public enum NodeRole: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// A network endpoint: one NIC of a server.
    case host
    /// A top-of-rack or rail switch: hosts attach to it.
    case leaf
    /// The second tier: joins leaves (of one pod, in a 3-tier fat-tree).
    case spine
    /// The third tier of a fat-tree (super-spine): joins pods.
    case core

    public var description: String {
        switch self {
        case .host: "host"
        case .leaf: "leaf"
        case .spine: "spine"
        case .core: "core"
        }
    }
}

/// A node and where its ports are.
public struct Node: Sendable, Equatable {
    public var role: NodeRole
    /// A readable name for reports and fault specifications: `leaf3`, `spine0`, `pod1.leaf2`, `rail3.leaf0`,
    /// `server5.nic2`. Builders give every node a distinct name.
    public var name: String
    /// Its egress ports: a contiguous range of global port indices.
    public var ports: Range<Int>
    /// The pod of a fat-tree node, or −1.
    public var pod: Int
    /// For a host, the server it belongs to; −1 for switches.
    public var server: Int
    /// In a rail-optimised fabric, the rail of a leaf or of a host (its NIC index in the server); −1 otherwise.
    public var rail: Int

    public init(role: NodeRole, name: String, ports: Range<Int>, pod: Int = -1, server: Int = -1, rail: Int = -1) {
        self.role = role
        self.name = name
        self.ports = ports
        self.pod = pod
        self.server = server
        self.rail = rail
    }
}
