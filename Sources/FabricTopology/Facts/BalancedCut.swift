import FabricKernel

/// The bisection bandwidth of any fabric graph as a real cut: split the hosts into two halves, and the most one half
/// can send to the other is the maximum flow between them (max-flow equals min-cut), over the cables' rates in that
/// direction. The bisection bandwidth is the least such figure over all halvings.
///
/// Trying every halving is exponential (the minimum bisection problem is NP-hard), so a few halvings are tried, the
/// ones along which fabrics are built: the hosts in their own order (servers, then their NICs), the hosts grouped by
/// their leaf (half the leaves of a leaf-spine, half the pods of a fat-tree, half the rails of a rail-optimised
/// fabric), and each of those turned a quarter of the way round (half of a ring on either side of a different
/// switch). The least is an upper bound on the true bisection; for the symmetric shapes the builders make it is
/// the bisection itself: it equals the closed forms of docs/topologies.md (a k-ary fat-tree's hosts × rate ÷ 2, a
/// ring's two cables), and it equals a brute-force search over every halving on small fabrics (the tests).
struct BalancedCut {
    /// The least maximum flow from one half of the hosts to the other over the halvings tried, in bit/s.
    var bitsPerSecond: Int64

    init(_ topology: Topology) {
        let hosts = topology.hosts.count
        guard hosts > 1 else {
            bitsPerSecond = 0
            return
        }
        let byIndex = Array(0..<hosts)
        let byLeaf = byIndex.sorted { (topology.leaf(ofHost: $0).index, $0) < (topology.leaf(ofHost: $1).index, $1) }
        var network = MaxFlow(topology)
        var least = Int64.max
        var tried = Set<[Bool]>()
        for order in [byIndex, byLeaf] {
            for turn in [0, hosts / 4] {
                var inFirstHalf = [Bool](repeating: false, count: hosts)
                for place in 0..<(hosts / 2) { inFirstHalf[order[(place + turn) % hosts]] = true }
                guard tried.insert(inFirstHalf).inserted else { continue }
                least = min(least, network.flow(from: inFirstHalf, in: topology))
            }
        }
        bitsPerSecond = least
    }
}

/// Dinic's maximum flow over the fabric's egress ports, each an arc of its rate, from a set of hosts to the others.
private struct MaxFlow {
    /// Arcs in pairs: `2p` is egress port p (its rate), `2p + 1` its residual twin (rate 0); then, per host, an arc
    /// from the source and one to the sink, set for each halving.
    private var head: [Int32] = []
    private var capacity: [Int64] = []
    private var rate: [Int64] = []
    /// Per node (hosts, switches, then source and sink): its arcs' indices.
    private var arcs: [[Int32]]
    private let source: Int
    private let sink: Int

    init(_ topology: Topology) {
        let nodes = topology.nodes.count
        source = nodes
        sink = nodes + 1
        arcs = Array(repeating: [], count: nodes + 2)
        for p in topology.ports.indices {
            let from = topology.ports[p].node.index
            let to = topology.neighbour(through: PortID(p)).index
            add(from: from, to: to, rate: topology.ports[p].rate.bitsPerSecond)
        }
        for host in topology.hosts {
            add(from: source, to: host.index, rate: 0)
            add(from: host.index, to: sink, rate: 0)
        }
    }

    private mutating func add(from: Int, to: Int, rate forward: Int64) {
        arcs[from].append(Int32(head.count))
        head.append(Int32(to))
        rate.append(forward)
        arcs[to].append(Int32(head.count))
        head.append(Int32(from))
        rate.append(0)
    }

    /// The maximum flow from the hosts marked in `first` to the other hosts.
    mutating func flow(from first: [Bool], in topology: Topology) -> Int64 {
        capacity = rate
        // The source feeds the first half and the second half drains to the sink, without limit.
        let unlimited = Int64.max / 4
        let hostArcs = topology.ports.count * 2
        for host in first.indices {
            capacity[hostArcs + 4 * host] = first[host] ? unlimited : 0
            capacity[hostArcs + 4 * host + 2] = first[host] ? 0 : unlimited
        }
        var total: Int64 = 0
        var level = [Int32](repeating: -1, count: arcs.count)
        var next = [Int](repeating: 0, count: arcs.count)
        while buildLevels(&level) {
            for i in next.indices { next[i] = 0 }
            while true {
                let pushed = augment(from: source, limit: unlimited, level: level, next: &next)
                if pushed == 0 { break }
                total = total.addingReportingOverflow(pushed).overflow ? .max : total + pushed
            }
        }
        return total
    }

    /// Breadth-first levels over arcs with room left; false once the sink is out of reach.
    private func buildLevels(_ level: inout [Int32]) -> Bool {
        for i in level.indices { level[i] = -1 }
        level[source] = 0
        var queue = [source]
        var read = 0
        while read < queue.count {
            let u = queue[read]
            read += 1
            for arc in arcs[u] where capacity[Int(arc)] > 0 && level[Int(head[Int(arc)])] < 0 {
                level[Int(head[Int(arc)])] = level[u] + 1
                queue.append(Int(head[Int(arc)]))
            }
        }
        return level[sink] >= 0
    }

    /// One augmenting path along increasing levels (iteratively, so a deep fabric cannot overflow the stack);
    /// returns the flow pushed, 0 when there is none left in this phase.
    private mutating func augment(from start: Int, limit: Int64, level: [Int32], next: inout [Int]) -> Int64 {
        var path: [Int32] = []
        var u = start
        while true {
            if u == sink {
                let pushed = path.reduce(limit) { min($0, capacity[Int($1)]) }
                for arc in path {
                    capacity[Int(arc)] -= pushed
                    capacity[Int(arc) ^ 1] += pushed
                }
                return pushed
            }
            var advanced = false
            while next[u] < arcs[u].count {
                let arc = Int(arcs[u][next[u]])
                let v = Int(head[arc])
                if capacity[arc] > 0 && level[v] == level[u] + 1 {
                    path.append(Int32(arc))
                    u = v
                    advanced = true
                    break
                }
                next[u] += 1
            }
            if advanced { continue }
            // A dead end: retreat one arc and skip it from now on.
            guard let last = path.popLast() else { return 0 }
            u = Int(head[Int(last) ^ 1])
            next[u] += 1
        }
    }
}
