/// Each node's level: its distance in cable hops from the nearest host (hosts 0, the switches they attach to 1, the
/// switches above those 2, ...). A cable climbs when it joins a node to one of a higher level.
///
/// Read from the graph rather than from the nodes' roles, so that the figures built on it (oversubscription, the
/// capacity climbing out of each tier) hold for any fabric a builder or a file describes, not only for Clos shapes
/// whose roles happen to be ordered host < leaf < spine < core. In the builders' Clos shapes the level is that order;
/// in a ring every switch is level 1 and the cables between switches run between equals.
public struct NodeLevels: Sendable {
    /// Per node; −1 for a node no host can reach.
    public let level: [Int]

    public init(_ topology: Topology) {
        var level = [Int](repeating: -1, count: topology.nodes.count)
        var frontier = topology.hosts.map(\.index)
        for node in frontier { level[node] = 0 }
        var depth = 0
        while !frontier.isEmpty {
            depth += 1
            var next: [Int] = []
            for u in frontier {
                for p in topology.nodes[u].ports {
                    let v = topology.neighbour(through: PortID(p)).index
                    if level[v] < 0 {
                        level[v] = depth
                        next.append(v)
                    }
                }
            }
            frontier = next
        }
        self.level = level
    }
}
