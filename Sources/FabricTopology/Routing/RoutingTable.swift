/// For every node and every destination host, the set of equal-cost next hops: the egress ports that lie on a
/// shortest path to the host.
///
/// Hosts have one NIC, so every path to a host ends through the leaf it hangs from, and at every other node the
/// choice depends only on that leaf. The table is therefore kept per (node, destination leaf) — for a k = 16
/// fat-tree 1,344 nodes × 128 leaves instead of × 1,024 hosts — and at the leaf itself the answer is the host's
/// own port. Paths never pass through a host.
public struct RoutingTable: Sendable {
    /// For each host, its column: the index of its leaf among the leaves that have hosts.
    @usableFromInline let column: [Int32]
    @usableFromInline let columns: Int
    /// `offsets[node * columns + column] ..< offsets[... + 1]` indexes `hops`.
    @usableFromInline let offsets: [Int32]
    /// Candidate ports, then, from `hostPortBase` on, each host's down port at its leaf.
    public let hops: [PortID]
    @usableFromInline let hostPortBase: Int
    @usableFromInline let leafOfHost: [NodeID]

    /// The table routing converges on once `links` hold: what both fidelities recompute after a fault.
    public init(topology: Topology, links: LinkState) {
        self.init(topology: topology, isUp: { links.isUp($0) })
    }

    /// Computes shortest-path next hops over the links for which `isUp(port)` is true (a cable counts only when
    /// both its directions are up).
    public init(topology: Topology, isUp: (PortID) -> Bool = { _ in true }) {
        let nodeCount = topology.nodes.count
        var leafColumn: [NodeID: Int32] = [:]
        var leaves: [NodeID] = []
        var column: [Int32] = []
        var leafOfHost: [NodeID] = []
        for host in topology.hosts.indices {
            let leaf = topology.leaf(ofHost: host)
            if leafColumn[leaf] == nil {
                leafColumn[leaf] = Int32(leaves.count)
                leaves.append(leaf)
            }
            column.append(leafColumn[leaf]!)
            leafOfHost.append(leaf)
        }
        let columns = leaves.count
        func cableUp(_ port: Int) -> Bool { isUp(PortID(port)) && isUp(topology.ports[port].peer) }

        // The search runs column by column (one breadth-first search per destination leaf) but the table is kept
        // node by node, so the hops are first gathered per column into two flat arrays — a count per (column,
        // node) and the hops in that order — and then copied into place. Flat arrays cost 4 bytes per entry and
        // per hop; an array per entry cost about 86 bytes (measured: 417 MB for a k = 32 fat-tree's 4.8 million
        // entries, now about 8 bytes per entry and per hop while building, 4 once built).
        var columnCounts = [Int32](repeating: 0, count: nodeCount * columns)
        var columnHops: [PortID] = []
        // dist[n]: hops from n to the leaf of this column; BFS through switches only.
        var dist = [Int32](repeating: -1, count: nodeCount)
        var frontier: [Int] = []
        var nextFrontier: [Int] = []
        for (c, leaf) in leaves.enumerated() {
            for i in dist.indices { dist[i] = -1 }
            dist[leaf.index] = 0
            frontier = [leaf.index]
            var level: Int32 = 0
            while !frontier.isEmpty {
                level += 1
                nextFrontier.removeAll(keepingCapacity: true)
                for u in frontier {
                    // Only switches forward; a host is reached but never crossed.
                    guard topology.nodes[u].role != .host || u == leaf.index else { continue }
                    for p in topology.nodes[u].ports where cableUp(p) {
                        let v = topology.neighbour(through: PortID(p)).index
                        if dist[v] < 0 {
                            dist[v] = level
                            nextFrontier.append(v)
                        }
                    }
                }
                swap(&frontier, &nextFrontier)
            }
            for n in 0..<nodeCount where dist[n] > 0 {
                let before = columnHops.count
                for p in topology.nodes[n].ports where cableUp(p) {
                    let v = topology.neighbour(through: PortID(p))
                    let transit = topology.nodes[v.index].role != .host
                    if transit, dist[v.index] == dist[n] - 1 { columnHops.append(PortID(p)) }
                }
                columnCounts[c * nodeCount + n] = Int32(columnHops.count - before)
            }
        }
        // Where each column's hops start in `columnHops`, then the same hops node by node.
        var columnStart = [Int32](repeating: 0, count: columns + 1)
        for c in 0..<columns {
            var total = columnStart[c]
            for n in 0..<nodeCount { total += columnCounts[c * nodeCount + n] }
            columnStart[c + 1] = total
        }
        var offsets = [Int32](repeating: 0, count: nodeCount * columns + 1)
        var hops: [PortID] = []
        hops.reserveCapacity(columnHops.count + topology.hosts.count)
        var cursor = Array(columnStart.dropLast())
        for n in 0..<nodeCount {
            for c in 0..<columns {
                let count = Int(columnCounts[c * nodeCount + n])
                let from = Int(cursor[c])
                hops.append(contentsOf: columnHops[from..<from + count])
                cursor[c] += Int32(count)
                offsets[n * columns + c + 1] = Int32(hops.count)
            }
        }
        let hostPortBase = hops.count
        for host in topology.hosts.indices {
            hops.append(topology.port(topology.uplink(ofHost: host)).peer)
        }
        self.column = column
        self.columns = columns
        self.offsets = offsets
        self.hops = hops
        self.hostPortBase = hostPortBase
        self.leafOfHost = leafOfHost
    }

    /// The candidate egress ports at `node` toward host `host`, as a range of indices into `hops`; empty when
    /// the host cannot be reached (or `node` is the host itself).
    @inlinable
    public func candidates(at node: NodeID, toward host: Int) -> Range<Int> {
        if node == leafOfHost[host] { return hostPortBase + host..<hostPortBase + host + 1 }
        let slot = node.index * columns + Int(column[host])
        return Int(offsets[slot])..<Int(offsets[slot + 1])
    }

    /// The candidate ports as values (for reports and tests; the network reads `hops` directly).
    public func nextHops(at node: NodeID, toward host: Int) -> [PortID] {
        Array(hops[candidates(at: node, toward: host)])
    }
}
