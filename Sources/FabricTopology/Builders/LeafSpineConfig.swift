import FabricKernel

/// A two-tier leaf-spine (folded Clos) fabric: every NIC of a server hangs from the server's leaf, and every leaf
/// has `parallelLinks` cables to every spine.
///
/// ```
///   spine0      spine1          (spines: every leaf to every spine)
///     |  \______/  |
///     |  /      \  |
///   leaf0       leaf1           (leaves: serversPerLeaf servers each)
///   /   \       /   \
/// server0 server1 server2 server3   (each: nicsPerServer NICs, all on its leaf)
/// ```
///
/// Nodes are named `leaf<l>`, `spine<s>` and `server<n>.nic<i>`; server n hangs from leaf n / serversPerLeaf.
/// The leaf's oversubscription is (serversPerLeaf × nicsPerServer × hostLinkRate) ÷
/// (spines × parallelLinks × fabricLinkRate).
public struct LeafSpineConfig: FabricShape, Equatable {
    public var leaves: Int
    /// Spines; at least one when there is more than one leaf.
    public var spines: Int
    public var serversPerLeaf: Int
    public var server: ServerConfig
    /// Cables between each leaf and each spine. Default 1.
    public var parallelLinks: Int
    /// Rate of a NIC's cable to its leaf. Default 400 Gb/s.
    public var hostLinkRate: Bandwidth
    /// Rate of each leaf–spine cable. Default 400 Gb/s.
    public var fabricLinkRate: Bandwidth
    /// Propagation delay of a NIC's cable. Default 15 ns (3 m).
    public var hostLinkDelay: SimTime
    /// Propagation delay of a leaf–spine cable. Default 150 ns (30 m).
    public var fabricLinkDelay: SimTime
    /// Ports per switch; building fails when a leaf or spine needs more. Nil: unchecked.
    public var radix: Int?

    public init(
        leaves: Int, spines: Int, serversPerLeaf: Int,
        server: ServerConfig = .dgxH100,
        parallelLinks: Int = 1,
        hostLinkRate: Bandwidth = TopologyDefaults.linkRate,
        fabricLinkRate: Bandwidth = TopologyDefaults.linkRate,
        hostLinkDelay: SimTime = TopologyDefaults.hostLinkDelay,
        fabricLinkDelay: SimTime = TopologyDefaults.leafSpineDelay,
        radix: Int? = nil
    ) {
        self.leaves = leaves
        self.spines = spines
        self.serversPerLeaf = serversPerLeaf
        self.server = server
        self.parallelLinks = parallelLinks
        self.hostLinkRate = hostLinkRate
        self.fabricLinkRate = fabricLinkRate
        self.hostLinkDelay = hostLinkDelay
        self.fabricLinkDelay = fabricLinkDelay
        self.radix = radix
    }

    public var servers: Int { saturatingProduct(leaves, serversPerLeaf) }
    public var hosts: Int { saturatingProduct(leaves, serversPerLeaf, server.nicsPerServer) }
    public var switches: Int { saturatingSum(leaves, spines) }
    /// Host cables plus leaf–spine cables.
    public var cables: Int { saturatingSum(hosts, saturatingProduct(leaves, spines, parallelLinks)) }
    public var portsPerLeaf: Int {
        saturatingSum(saturatingProduct(serversPerLeaf, server.nicsPerServer), saturatingProduct(spines, parallelLinks))
    }
    public var portsPerSpine: Int { saturatingProduct(leaves, parallelLinks) }

    /// Checks every field, the size limits and the radix, in that order.
    public func validate() throws(TopologyBuilder.Problem) {
        let check = ConfigCheck(shape: "leaf-spine")
        try check.count(leaves, "leaves", in: 1...TopologyLimits.switches)
        try check.count(spines, "spines", in: 0...TopologyLimits.switches)
        if leaves > 1, spines == 0 {
            throw check.problem("spines", "spines is 0; expected at least 1 to join \(leaves) leaves")
        }
        try check.count(serversPerLeaf, "servers_per_leaf", in: 1...TopologyLimits.hosts)
        try server.validate(check.nested("server"))
        try check.count(parallelLinks, "parallel_links", in: 1...TopologyLimits.parallelLinks)
        try check.rate(hostLinkRate, "host_link_rate")
        try check.rate(fabricLinkRate, "fabric_link_rate")
        try check.delay(hostLinkDelay, "host_link_delay")
        try check.delay(fabricLinkDelay, "fabric_link_delay")
        try check.radix(radix)
        try check.size(
            hosts: hosts, switches: switches, cables: cables,
            how: "leaves \(leaves) × servers_per_leaf \(serversPerLeaf) × nics_per_server \(server.nicsPerServer)")
        let hostPorts = serversPerLeaf * server.nicsPerServer
        try check.fits(
            radix, role: "leaf", ports: portsPerLeaf,
            need: "\(hostPorts) to hosts + \(spines * parallelLinks) to spines")
        try check.fits(radix, role: "spine", ports: portsPerSpine, need: "\(leaves * parallelLinks) to leaves")
    }

    public func build() throws(TopologyBuilder.Problem) -> Topology {
        try validate()
        var builder = TopologyBuilder(kind: "leaf-spine")
        builder.reserveCapacity(nodes: hosts + switches, cables: cables)
        let servers = server.addServers(self.servers, to: &builder)
        let leafIDs = (0..<leaves).map { builder.addNode(.leaf, name: "leaf\($0)") }
        let spineIDs = (0..<spines).map { builder.addNode(.spine, name: "spine\($0)") }
        for (s, nics) in servers.enumerated() {
            for nic in nics {
                builder.connect(nic, leafIDs[s / serversPerLeaf], rate: hostLinkRate, delay: hostLinkDelay)
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
