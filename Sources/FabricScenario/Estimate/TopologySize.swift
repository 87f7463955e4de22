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

    /// From a shape's counts; each shape's section computes them (`TopologyShapeSection`).
    init(
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
    static func twoTier(leaves: Double) -> Double {
        let sameLeaf = 1 / max(leaves, 1)
        return 2 * sameLeaf + 4 * (1 - sameLeaf)
    }

    /// Neighbouring servers share a leaf unless the first is the last under its leaf.
    static func neighbours(serversPerLeaf: Double, across: Double) -> Double {
        let crossing = 1 / max(serversPerLeaf, 1)
        return 2 * (1 - crossing) + across * crossing
    }
}
