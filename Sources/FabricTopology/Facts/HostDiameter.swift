/// The diameter of a fabric in cable hops between hosts, found by breadth-first search among switches.
///
/// A host has one cable, so the hops between two hosts are 2 + the hops between their leaves (2 on one leaf).
/// Searching from every leaf would cost leaves × cables; instead leaves are grouped by their set of neighbouring
/// switches. Two leaves with the same neighbours are equally far from every other node (any shortest path from one
/// starts at a neighbour the other shares) and 2 hops from each other, so one search per group is exact: one in
/// a leaf-spine or rail-optimised fabric, one per pod in a fat-tree.
struct HostDiameter {
    /// Nil when some host cannot reach another.
    var hops: Int?

    init(_ topology: Topology) {
        guard topology.hosts.count > 1 else {
            hops = 0
            return
        }
        let count = topology.nodes.count
        // Switch-to-switch neighbours, without repeats (parallel cables are one hop).
        var neighbours = [[Int32]](repeating: [], count: count)
        for (i, node) in topology.nodes.enumerated() where node.role != .host {
            var seen = Set<Int32>()
            for p in node.ports {
                let v = topology.neighbour(through: PortID(p))
                if topology.nodes[v.index].role != .host { seen.insert(Int32(v.index)) }
            }
            neighbours[i] = seen.sorted()
        }
        var isHostLeaf = [Bool](repeating: false, count: count)
        for host in topology.hosts.indices { isHostLeaf[topology.leaf(ofHost: host).index] = true }
        let hostLeaves = isHostLeaf.indices.filter { isHostLeaf[$0] }

        var representatives: [[Int32]: Int] = [:]
        for leaf in hostLeaves where representatives[neighbours[leaf]] == nil {
            representatives[neighbours[leaf]] = leaf
        }

        var farthest = 0
        var dist = [Int32](repeating: -1, count: count)
        var frontier: [Int] = []
        var next: [Int] = []
        for source in representatives.values.sorted() {
            for i in dist.indices { dist[i] = -1 }
            dist[source] = 0
            frontier = [source]
            var level: Int32 = 0
            while !frontier.isEmpty {
                level += 1
                next.removeAll(keepingCapacity: true)
                for u in frontier {
                    for v in neighbours[u] where dist[Int(v)] < 0 {
                        dist[Int(v)] = level
                        next.append(Int(v))
                    }
                }
                swap(&frontier, &next)
            }
            for leaf in hostLeaves {
                guard dist[leaf] >= 0 else {
                    hops = nil
                    return
                }
                farthest = max(farthest, Int(dist[leaf]))
            }
        }
        hops = farthest + 2
    }
}
