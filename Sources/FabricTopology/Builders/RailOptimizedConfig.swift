import FabricKernel

/// A rail-optimised fabric: servers of G GPUs with G NICs, NIC i serving GPU i; NIC i of every server attaches to
/// a leaf of rail i. The servers are split into groups of `serversPerRailLeaf`, and each group has its own leaf on
/// every rail, so rail i has servers ÷ serversPerRailLeaf leaves. Every rail leaf has `parallelLinks` cables to
/// every spine.
///
/// GPUs of one rank position (GPU i of each server) meet one hop from each other at their rail leaf when their
/// servers share a group, which is where a hierarchical collective sends most of its traffic; traffic that changes
/// rail crosses a spine (or, in practice, NVLink first).
///
/// ```
///        spine0 ─────────── spine1             every rail leaf ─ every spine
///   rail0.leaf0  rail1.leaf0  …  rail7.leaf0   (one leaf per rail per group of servers)
///       |   \        |   \            |   \
///   server0.nic0  server0.nic1 … server0.nic7  (NIC i of every server on a rail-i leaf)
///   server1.nic0  server1.nic1 … server1.nic7
/// ```
///
/// Nodes are named `rail<r>.leaf<g>` (rail r, server group g), `spine<s>` and `server<n>.nic<i>`; a rail leaf
/// and a NIC carry their rail in `Node.rail`. Server n is in group n / serversPerRailLeaf.
public struct RailOptimizedConfig: FabricShape, Equatable {
    public var servers: Int
    /// GPUs per server, which is also its NICs and the number of rails. Default 8 (DGX H100).
    public var gpusPerServer: Int
    /// Servers per rail-leaf group; nil (the default) puts all servers in one group, one leaf per rail.
    /// Must divide `servers`.
    public var serversPerRailLeaf: Int?
    /// Spines; at least one when there is more than one rail leaf.
    public var spines: Int
    /// Cables between each rail leaf and each spine. Default 1.
    public var parallelLinks: Int
    /// Default 400 Gb/s.
    public var hostLinkRate: Bandwidth
    /// Default 400 Gb/s.
    public var fabricLinkRate: Bandwidth
    /// Default 15 ns (3 m).
    public var hostLinkDelay: SimTime
    /// Default 150 ns (30 m).
    public var fabricLinkDelay: SimTime
    /// NVLink bandwidth per GPU, each direction. Default 450 GB/s (NVLink 4).
    public var nvlinkBandwidth: Bandwidth
    /// Default 500 ns.
    public var nvlinkLatency: SimTime
    /// Ports per switch; building fails when a switch needs more. Nil: unchecked.
    public var radix: Int?

    public init(
        servers: Int, gpusPerServer: Int = TopologyDefaults.gpusPerServer, serversPerRailLeaf: Int? = nil,
        spines: Int, parallelLinks: Int = 1,
        hostLinkRate: Bandwidth = TopologyDefaults.linkRate,
        fabricLinkRate: Bandwidth = TopologyDefaults.linkRate,
        hostLinkDelay: SimTime = TopologyDefaults.hostLinkDelay,
        fabricLinkDelay: SimTime = TopologyDefaults.leafSpineDelay,
        nvlinkBandwidth: Bandwidth = TopologyDefaults.nvlinkBandwidth,
        nvlinkLatency: SimTime = TopologyDefaults.nvlinkLatency,
        radix: Int? = nil
    ) {
        self.servers = servers
        self.gpusPerServer = gpusPerServer
        self.serversPerRailLeaf = serversPerRailLeaf
        self.spines = spines
        self.parallelLinks = parallelLinks
        self.hostLinkRate = hostLinkRate
        self.fabricLinkRate = fabricLinkRate
        self.hostLinkDelay = hostLinkDelay
        self.fabricLinkDelay = fabricLinkDelay
        self.nvlinkBandwidth = nvlinkBandwidth
        self.nvlinkLatency = nvlinkLatency
        self.radix = radix
    }

    /// Rails: one per GPU position.
    public var rails: Int { gpusPerServer }
    public var groupSize: Int { serversPerRailLeaf ?? servers }
    /// Server groups, each with one leaf per rail.
    public var groups: Int { groupSize > 0 ? servers / groupSize : 0 }
    public var leaves: Int { saturatingProduct(rails, groups) }
    public var hosts: Int { saturatingProduct(servers, gpusPerServer) }
    public var switches: Int { saturatingSum(leaves, spines) }
    public var cables: Int { saturatingSum(hosts, saturatingProduct(leaves, spines, parallelLinks)) }
    public var portsPerLeaf: Int { saturatingSum(groupSize, saturatingProduct(spines, parallelLinks)) }
    public var portsPerSpine: Int { saturatingProduct(leaves, parallelLinks) }

    /// The server each GPU position uses: GPU i on NIC i.
    public var server: ServerConfig {
        ServerConfig(
            gpusPerServer: gpusPerServer, nicsPerServer: gpusPerServer,
            nvlinkBandwidth: nvlinkBandwidth, nvlinkLatency: nvlinkLatency)
    }

    public func validate() throws(TopologyBuilder.Problem) {
        let check = ConfigCheck(shape: "rail-optimized")
        try check.count(servers, "servers", in: 1...TopologyLimits.hosts)
        try check.count(gpusPerServer, "gpus_per_server", in: 1...TopologyLimits.nicsPerServer)
        if let serversPerRailLeaf {
            try check.count(serversPerRailLeaf, "servers_per_rail_leaf", in: 1...servers)
            guard servers % serversPerRailLeaf == 0 else {
                throw check.problem(
                    "servers_per_rail_leaf",
                    "servers_per_rail_leaf is \(serversPerRailLeaf) but "
                        + "servers is \(servers): every group of servers has its own leaf on each rail, so "
                        + "servers_per_rail_leaf must divide \(servers)")
            }
        }
        try check.count(spines, "spines", in: 0...TopologyLimits.switches)
        try check.count(parallelLinks, "parallel_links", in: 1...TopologyLimits.parallelLinks)
        try check.rate(hostLinkRate, "host_link_rate")
        try check.rate(fabricLinkRate, "fabric_link_rate")
        try check.delay(hostLinkDelay, "host_link_delay")
        try check.delay(fabricLinkDelay, "fabric_link_delay")
        try check.rate(nvlinkBandwidth, "nvlink_bandwidth", max: TopologyLimits.nvlinkBandwidth)
        try check.delay(nvlinkLatency, "nvlink_latency")
        try check.radix(radix)
        try check.size(
            hosts: hosts, switches: switches, cables: cables,
            how: "servers \(servers) × gpus_per_server \(gpusPerServer)")
        if leaves > 1, spines == 0 {
            throw check.problem("spines", "spines is 0; expected at least 1 to join \(leaves) rail leaves")
        }
        try check.fits(
            radix, role: "rail leaf", ports: portsPerLeaf,
            need: "\(groupSize) to hosts + \(spines * parallelLinks) to spines")
        try check.fits(radix, role: "spine", ports: portsPerSpine, need: "\(leaves * parallelLinks) to rail leaves")
    }

    public func build() throws(TopologyBuilder.Problem) -> Topology {
        try validate()
        var builder = TopologyBuilder(kind: "rail-optimized")
        builder.reserveCapacity(nodes: hosts + switches, cables: cables)
        let serverIDs = server.addServers(servers, to: &builder) { _, nic in (-1, nic) }
        // Rail-major: the leaf of rail r, group g is leafIDs[r * groups + g].
        var leafIDs: [NodeID] = []
        for r in 0..<rails {
            for g in 0..<groups { leafIDs.append(builder.addNode(.leaf, name: "rail\(r).leaf\(g)", rail: r)) }
        }
        let spineIDs = (0..<spines).map { builder.addNode(.spine, name: "spine\($0)") }
        for (s, nics) in serverIDs.enumerated() {
            for (r, nic) in nics.enumerated() {
                builder.connect(nic, leafIDs[r * groups + s / groupSize], rate: hostLinkRate, delay: hostLinkDelay)
            }
        }
        for leaf in leafIDs {
            for spine in spineIDs {
                for _ in 0..<parallelLinks {
                    builder.connect(leaf, spine, rate: fabricLinkRate, delay: fabricLinkDelay)
                }
            }
        }
        return try builder.build()
    }
}
