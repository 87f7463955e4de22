/// Walking the equal-cost next hops from one host to another: how many shortest paths there are, and which.
/// For reports, tests and load-balancing diagnostics; the network reads `candidates` hop by hop instead.
extension RoutingTable {
    /// The number of distinct shortest paths from host `source` to host `destination` (0 when unreachable,
    /// 1 from a host to itself), saturating at `Int.max`.
    public func pathCount(fromHost source: Int, toHost destination: Int, in topology: Topology) -> Int {
        let target = topology.hosts[destination]
        var memo: [NodeID: Int] = [:]
        func count(_ node: NodeID) -> Int {
            if node == target { return 1 }
            if let known = memo[node] { return known }
            var total = 0
            for hop in nextHops(at: node, toward: destination) {
                let (sum, overflow) = total.addingReportingOverflow(count(topology.neighbour(through: hop)))
                total = overflow ? .max : sum
            }
            memo[node] = total
            return total
        }
        return count(topology.hosts[source])
    }

    /// Every shortest path from host `source` to host `destination`, each as the egress ports it leaves by (the
    /// source's own port first), in the order of the candidates; at most `limit` of them.
    public func paths(fromHost source: Int, toHost destination: Int, in topology: Topology, limit: Int = 4_096)
        -> [[PortID]]
    {
        let target = topology.hosts[destination]
        var result: [[PortID]] = []
        var path: [PortID] = []
        func walk(_ node: NodeID) {
            guard result.count < limit else { return }
            if node == target {
                result.append(path)
                return
            }
            for hop in nextHops(at: node, toward: destination) {
                path.append(hop)
                walk(topology.neighbour(through: hop))
                path.removeLast()
            }
        }
        walk(topology.hosts[source])
        return result
    }
}
