import FabricTopology

/// The size of a fabric, computed from its shape's numbers alone, before anything is built: what the memory
/// estimate needs (nodes, ports, routing entries and next hops) and what the event estimate needs (links on a
/// path). Counts are `Double`, so that an absurd configuration gives a large number rather than an overflow.
struct TopologySize: Equatable {
    var hosts: Double
    var switches: Double
    var cables: Double
    var servers: Double
    /// Destination leaves of the routing table: the leaves that have hosts.
    var columns: Double
    /// Next hops summed over every (node, destination leaf) entry of the routing table (`RoutingTable`).
    var hops: Double
    /// Links a packet crosses between two hosts, averaged over host pairs chosen uniformly.
    var pathLinks: Double
    /// Links between two hosts of neighbouring servers (rank r and r + 1 of a ring): two when they share a leaf.
    var neighbourLinks: Double

    var nodes: Double { hosts + switches }
    var ports: Double { 2 * cables }
    var routingEntries: Double { nodes * columns }

    init(_ spec: TopologySpec) {
        switch spec {
        case .leafSpine(let c):
            let (l, s, p) = (Double(c.leaves), Double(c.spines), Double(c.parallelLinks))
            let perLeaf = Double(c.serversPerLeaf) * Double(c.server.nicsPerServer)
            self.init(
                hosts: l * perLeaf, switches: l + s, cables: l * perLeaf + l * s * p,
                servers: l * Double(c.serversPerLeaf),
                columns: l, switchHops: l * (l - 1) * s * p + s * l * p,
                pathLinks: Self.twoTier(leaves: l),
                neighbourLinks: Self.neighbours(serversPerLeaf: Double(c.serversPerLeaf), across: 4))
        case .railOptimized(let c):
            let (l, s, p) = (Double(c.leaves), Double(c.spines), Double(c.parallelLinks))
            // A server's NIC r hangs from a leaf of rail r; ranks on neighbouring servers talk within a rail.
            self.init(
                hosts: Double(c.hosts), switches: l + s, cables: Double(c.hosts) + l * s * p,
                servers: Double(c.servers),
                columns: l, switchHops: l * (l - 1) * s * p + s * l * p,
                pathLinks: Self.twoTier(leaves: l),
                neighbourLinks: Self.neighbours(serversPerLeaf: Double(c.groupSize), across: 4))
        case .fatTree(let c):
            let (pods, lpp, spp, cores) = (
                Double(c.pods), Double(c.leavesPerPod), Double(c.spinesPerPod), Double(c.cores)
            )
            let leaves = pods * lpp
            let group = spp > 0 ? (cores / spp).rounded(.down) : 0
            let perLeaf = Double(c.serversPerLeaf) * Double(c.server.nicsPerServer)
            // Leaves go up to every spine of their pod; a spine goes down to its pod's leaves (one port each) and up to
            // its core group for the others; a core reaches every leaf through one spine.
            let switchHops = leaves * (leaves - 1) * spp + pods * spp * (lpp + (leaves - lpp) * group) + cores * leaves
            let samePod = leaves > 1 ? (lpp - 1) / (leaves - 1) : 0
            let sameLeaf = 1 / max(leaves, 1)
            let path = 2 * sameLeaf + (1 - sameLeaf) * (4 * samePod + 6 * (1 - samePod))
            self.init(
                hosts: leaves * perLeaf, switches: leaves + pods * spp + cores,
                cables: leaves * perLeaf + leaves * spp + pods * spp * group,
                servers: leaves * Double(c.serversPerLeaf),
                columns: leaves, switchHops: switchHops, pathLinks: path,
                neighbourLinks: Self.neighbours(serversPerLeaf: Double(c.serversPerLeaf), across: lpp > 1 ? 4 : 6))
        case .ring(let c):
            let (n, k) = (Double(c.switches), Double(c.serversPerSwitch))
            // Shortest paths go one way round (both ways to the opposite switch of an even ring): about n/4 switch
            // links between two hosts, plus the two host links.
            self.init(
                hosts: n * k, switches: n, cables: n * k + n, servers: n * k, columns: n,
                switchHops: n * (n - 1) + (c.switches % 2 == 0 ? n : 0), pathLinks: 2 + n / 4, neighbourLinks: 2)
        }
    }

    private init(
        hosts: Double, switches: Double, cables: Double, servers: Double, columns: Double, switchHops: Double,
        pathLinks: Double, neighbourLinks: Double
    ) {
        self.hosts = hosts
        self.switches = switches
        self.cables = cables
        self.servers = servers
        self.columns = columns
        // Every host has one next hop (its own cable) toward every destination leaf.
        hops = hosts * columns + switchHops
        self.pathLinks = pathLinks
        self.neighbourLinks = neighbourLinks
    }

    /// Two tiers: 2 links within a leaf, 4 through a spine.
    private static func twoTier(leaves: Double) -> Double {
        let sameLeaf = 1 / max(leaves, 1)
        return 2 * sameLeaf + 4 * (1 - sameLeaf)
    }

    /// Neighbouring servers share a leaf unless the first is the last under its leaf.
    private static func neighbours(serversPerLeaf: Double, across: Double) -> Double {
        let crossing = 1 / max(serversPerLeaf, 1)
        return 2 * (1 - crossing) + across * crossing
    }
}
