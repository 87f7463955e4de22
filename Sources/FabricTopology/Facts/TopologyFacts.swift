import FabricKernel

/// What a fabric is, in the figures an engineer sizes it by: endpoints, switches, cables by speed, ports per
/// switch, oversubscription per tier, bisection bandwidth and diameter. `fabricsim info` prints `lines`.
///
/// Everything is read from the graph, so it holds for any topology, not only the built shapes: a cable is *upward*
/// from the end nearer the hosts (`NodeLevels`), and the bisection bandwidth is a real cut (`BalancedCut`). The
/// roles only label the figures.
public struct TopologyFacts: Sendable, Equatable {
    /// The switches of one role.
    public struct Switches: Sendable, Equatable {
        public var role: NodeRole
        public var count: Int
        /// Fewest and most ports of one switch of this role.
        public var minPorts: Int
        public var maxPorts: Int
    }

    /// Cables of one rate.
    public struct SpeedGroup: Sendable, Equatable {
        public var rate: Bandwidth
        public var cables: Int
    }

    /// The oversubscription of the switches of one role that have both downlinks and uplinks: each switch's
    /// capacity toward lower tiers ÷ its capacity toward higher tiers. 1 is non-blocking; 3 is written 3:1.
    public struct Oversubscription: Sendable, Equatable {
        public var role: NodeRole
        /// The smallest and largest ratio over the switches of the role (equal in a symmetric fabric).
        public var best: Double
        public var worst: Double
    }

    /// The capacity of all cables that climb out of one tier: hosts → leaves, leaves → spines, spines → cores.
    public struct TierCapacity: Sendable, Equatable {
        /// The lower end's role.
        public var from: NodeRole
        public var cables: Int
        /// Sum of the cables' rates, one direction.
        public var capacity: Bandwidth
    }

    /// `leaf-spine`, `fat-tree`, `rail-optimized`, or `custom`.
    public var kind: String
    /// Hosts: NICs, the network's endpoints.
    public var hosts: Int
    public var servers: Int
    public var gpus: Int
    /// The GPUs of a server, when every server has the same number; nil when they differ.
    public var gpusPerServer: Int?
    /// The NVLink bandwidth per GPU (each direction) and latency, when all servers agree; nil otherwise.
    public var nvlinkBandwidth: Bandwidth?
    public var nvlinkLatency: SimTime?
    /// Switches per role, in tier order, for the roles present.
    public var switches: [Switches]
    public var cables: Int
    /// Cables grouped by rate, fastest first. A cable whose two directions differ counts at the slower one.
    public var cablesBySpeed: [SpeedGroup]
    /// Per switch role with uplinks, in tier order.
    public var oversubscription: [Oversubscription]
    /// Per tier with upward cables, in tier order.
    public var upwardCapacity: [TierCapacity]
    /// The most one half of the hosts can send to the other, over the least of the halvings `BalancedCut` tries:
    /// an upper bound on the true bisection, equal to it for the builders' symmetric shapes (docs/topologies.md).
    public var bisectionBandwidth: Bandwidth
    /// The most cable hops on a shortest path between two hosts (host–leaf–spine–leaf–host is 4); nil when some
    /// host cannot reach another, 0 with fewer than two hosts. Paths never pass through a host.
    public var diameter: Int?
    /// The shortest propagation delay of any cable: the safe lookahead for running partitions in parallel.
    public var minLinkDelay: SimTime?

    public init(_ topology: Topology) {
        kind = topology.kind
        hosts = topology.hosts.count
        servers = topology.servers.count
        gpus = topology.gpuCount
        let gpuCounts = Set(topology.servers.map(\.gpuCount))
        gpusPerServer = gpuCounts.count == 1 ? gpuCounts.first : nil
        let links = Set(topology.servers.map { [$0.nvlinkBandwidth.bitsPerSecond, $0.nvlinkLatency.picoseconds] })
        if links.count == 1, let server = topology.servers.first {
            nvlinkBandwidth = server.nvlinkBandwidth
            nvlinkLatency = server.nvlinkLatency
        }

        switches = NodeRole.allCases.filter { $0 != .host }.compactMap { role in
            let ports = topology.nodes.lazy.filter { $0.role == role }.map(\.ports.count)
            guard let minPorts = ports.min(), let maxPorts = ports.max() else { return nil }
            return Switches(role: role, count: ports.count, minPorts: minPorts, maxPorts: maxPorts)
        }

        var bySpeed: [Bandwidth: Int] = [:]
        var minDelay: SimTime?
        for p in topology.cablePorts {
            let port = topology.port(p)
            let back = topology.port(port.peer)
            bySpeed[min(port.rate, back.rate), default: 0] += 1
            let delay = min(port.delay, back.delay)
            minDelay = minDelay.map { min($0, delay) } ?? delay
        }
        cables = topology.cableCount
        cablesBySpeed = bySpeed.map { SpeedGroup(rate: $0.key, cables: $0.value) }.sorted { $0.rate > $1.rate }
        minLinkDelay = minDelay

        // Per switch: capacity toward lower and toward higher levels; per role: total upward capacity.
        let levels = NodeLevels(topology).level
        var upward: [NodeRole: (cables: Int, bps: Int128)] = [:]
        var ratios: [NodeRole: (best: Double, worst: Double)] = [:]
        for (n, node) in topology.nodes.enumerated() {
            var down: Int128 = 0
            var up: Int128 = 0
            var upCables = 0
            for p in node.ports {
                let other = levels[topology.neighbour(through: PortID(p)).index]
                let rate = Int128(topology.ports[p].rate.bitsPerSecond)
                if other < levels[n] { down += rate }
                if other > levels[n] {
                    up += rate
                    upCables += 1
                }
            }
            if upCables > 0 {
                let total = upward[node.role] ?? (0, 0)
                upward[node.role] = (total.cables + upCables, total.bps + up)
            }
            if node.role != .host, up > 0, down > 0 {
                let ratio = Double(down) / Double(up)
                let seen = ratios[node.role] ?? (ratio, ratio)
                ratios[node.role] = (min(seen.best, ratio), max(seen.worst, ratio))
            }
        }
        upwardCapacity = NodeRole.allCases.compactMap { role in
            upward[role].map {
                TierCapacity(from: role, cables: $0.cables, capacity: Bandwidth(bitsPerSecond: Int64(clamping: $0.bps)))
            }
        }
        oversubscription = NodeRole.allCases.compactMap { role in
            ratios[role].map { Oversubscription(role: role, best: $0.best, worst: $0.worst) }
        }
        bisectionBandwidth = Bandwidth(bitsPerSecond: BalancedCut(topology).bitsPerSecond)
        diameter = HostDiameter(topology).hops
    }

    /// The switches of one role, if present.
    public func switches(_ role: NodeRole) -> Switches? { switches.first { $0.role == role } }
    public func oversubscription(at role: NodeRole) -> Oversubscription? { oversubscription.first { $0.role == role } }
    public var switchCount: Int { switches.reduce(0) { $0 + $1.count } }
}
