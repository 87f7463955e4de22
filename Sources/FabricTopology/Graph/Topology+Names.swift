/// Finding nodes and cables by the names reports and fault specifications use.
extension Topology {
    /// Every node's name → its id, for looking up many names at once.
    public func nameIndex() -> [String: NodeID] {
        var index: [String: NodeID] = [:]
        index.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() where index[node.name] == nil { index[node.name] = NodeID(i) }
        return index
    }

    /// The node called `name`, or nil. A linear search; use `nameIndex()` for many names.
    public func node(named name: String) -> NodeID? {
        nodes.firstIndex { $0.name == name }.map(NodeID.init)
    }

    /// The cables between two nodes, each as the egress port of `a` (its peer is the direction from `b`), in
    /// port order: parallel cables are numbered 0, 1, … in this order.
    public func cables(between a: NodeID, and b: NodeID) -> [PortID] {
        nodes[a.index].ports.map(PortID.init).filter { neighbour(through: $0) == b }
    }

    /// The name of the link out of `port`, unique in the topology: `leaf0→spine1` for the first (or only) cable
    /// between two nodes, `leaf0→spine1/1`, `leaf0→spine1/2`, … for the second, third, … of parallel cables — the
    /// index a fault takes (`link: leaf0-spine1/1`, or the report's own `leaf0→spine1/1`), counted in port order
    /// at the sending end. The builders add parallel cables in the same order at both ends, so the two directions
    /// of a cable carry the same index. Every report, table, series and trace names links so.
    public func linkName(_ port: PortID) -> String {
        let node = ports[port.index].node
        let to = neighbour(through: port)
        let index = nodes[node.index].ports.prefix { $0 != port.index }.count(where: {
            neighbour(through: PortID($0)) == to
        })
        return Self.linkName(from: nodes[node.index].name, to: nodes[to.index].name, index: index)
    }

    /// `linkName` of every port, in port order, in one pass over the ports.
    public var linkNames: [String] {
        var names = [String](repeating: "", count: ports.count)
        for node in nodes {
            var seen: [NodeID: Int] = [:]
            for p in node.ports {
                let to = neighbour(through: PortID(p))
                let index = seen[to, default: 0]
                seen[to] = index + 1
                names[p] = Self.linkName(from: node.name, to: nodes[to.index].name, index: index)
            }
        }
        return names
    }

    static func linkName(from: String, to: String, index: Int) -> String {
        index == 0 ? "\(from)→\(to)" : "\(from)→\(to)/\(index)"
    }

    /// Every cable once, as the lower-numbered of its two ports.
    public var cablePorts: [PortID] {
        ports.indices.filter { ports[$0].peer.index > $0 }.map(PortID.init)
    }

    public var cableCount: Int { ports.count / 2 }

    /// A short hint at the names of the node kind `name` looks like: `leaf0 … leaf7`; or, when nothing is alike,
    /// the first name of each role. For error messages about an unknown name.
    func nameHint(near name: String) -> String {
        func stem(_ s: Substring) -> Substring {
            var s = s
            while let last = s.last, last.isNumber { s.removeLast() }
            return s
        }
        // Compare the name's last component without its number: `pod9.leaf3` is like `pod0.leaf1`.
        let wanted = name.split(separator: ".").map(stem)
        let alike = nodes.filter { $0.name.split(separator: ".").map(stem) == wanted }
        if let first = alike.first, let last = alike.last {
            return alike.count == 1
                ? "the one such name is \(first.name)" : "such names run \(first.name) … \(last.name)"
        }
        var examples: [String] = []
        for role in NodeRole.allCases {
            if let node = nodes.first(where: { $0.role == role }) { examples.append(node.name) }
        }
        return "names look like " + examples.joined(separator: ", ")
    }
}
