import FabricKernel

/// A three-tier fat-tree (Clos): pods of leaves and spines, joined by core switches (super-spines).
///
/// Within a pod every leaf has one cable to every spine. The cores are split into `spinesPerPod` equal groups,
/// and spine j of every pod has one cable to every core of group j, so each core has one cable to each pod.
///
/// ```
///   [core0 core1]      [core2 core3]     core groups: group j joins spine j of every pod
///   spine0  spine1     spine0  spine1    (spine0 ─ core0, core1; spine1 ─ core2, core3)
///     |   \/   |         |   \/   |
///     |   /\   |         |   /\   |      within a pod, every leaf ─ every spine
///   leaf0   leaf1      leaf0   leaf1     servers below each leaf, every NIC of a server on its leaf
///   └── pod 0 ──┘      └── pod 1 ──┘
/// ```
///
/// Nodes are named `pod<p>.leaf<i>`, `pod<p>.spine<j>`, `core<c>` and `server<n>.nic<i>`; server n hangs from
/// leaf n / serversPerLeaf, counted across pods (pod p holds leaves p × leavesPerPod …).
public struct FatTreeConfig: FabricShape, Equatable {
    public var pods: Int
    public var leavesPerPod: Int
    public var spinesPerPod: Int
    /// Core switches; a multiple of `spinesPerPod`.
    public var cores: Int
    public var serversPerLeaf: Int
    public var server: ServerConfig
    /// Rate of a NIC's cable to its leaf. Default 400 Gb/s.
    public var hostLinkRate: Bandwidth
    /// Rate of each leaf–spine cable. Default 400 Gb/s.
    public var leafSpineRate: Bandwidth
    /// Rate of each spine–core cable. Default 400 Gb/s.
    public var spineCoreRate: Bandwidth
    /// Default 15 ns (3 m).
    public var hostLinkDelay: SimTime
    /// Default 150 ns (30 m).
    public var leafSpineDelay: SimTime
    /// Default 500 ns (100 m).
    public var spineCoreDelay: SimTime
    /// Ports per switch; building fails when a switch needs more. Nil: unchecked.
    public var radix: Int?

    public init(
        pods: Int, leavesPerPod: Int, spinesPerPod: Int, cores: Int, serversPerLeaf: Int,
        server: ServerConfig = .dgxH100,
        hostLinkRate: Bandwidth = TopologyDefaults.linkRate,
        leafSpineRate: Bandwidth = TopologyDefaults.linkRate,
        spineCoreRate: Bandwidth = TopologyDefaults.linkRate,
        hostLinkDelay: SimTime = TopologyDefaults.hostLinkDelay,
        leafSpineDelay: SimTime = TopologyDefaults.leafSpineDelay,
        spineCoreDelay: SimTime = TopologyDefaults.spineCoreDelay,
        radix: Int? = nil
    ) {
        self.pods = pods
        self.leavesPerPod = leavesPerPod
        self.spinesPerPod = spinesPerPod
        self.cores = cores
        self.serversPerLeaf = serversPerLeaf
        self.server = server
        self.hostLinkRate = hostLinkRate
        self.leafSpineRate = leafSpineRate
        self.spineCoreRate = spineCoreRate
        self.hostLinkDelay = hostLinkDelay
        self.leafSpineDelay = leafSpineDelay
        self.spineCoreDelay = spineCoreDelay
        self.radix = radix
    }

    /// The classic k-ary fat-tree of Al-Fares, Loukissas and Vahdat (SIGCOMM 2008): k-port switches, k pods of
    /// k/2 leaves and k/2 spines, (k/2)² cores, k/2 single-GPU, single-NIC servers per leaf, so k³/4 hosts and
    /// full bisection bandwidth (every tier 1:1). k = 12: 432 hosts; k = 16: 1,024 hosts. The radix is set to k.
    public static func kAry(
        k: Int, rate: Bandwidth = TopologyDefaults.linkRate, delay: SimTime = TopologyDefaults.leafSpineDelay
    ) throws(TopologyBuilder.Problem) -> FatTreeConfig {
        guard k >= 2, k % 2 == 0, k <= 256 else {
            throw TopologyBuilder.Problem(
                "fat-tree: k is \(k); a k-ary fat-tree needs an even k from 2 to 256", field: "k")
        }
        let half = k / 2
        return FatTreeConfig(
            pods: k, leavesPerPod: half, spinesPerPod: half, cores: half * half, serversPerLeaf: half,
            server: .singleGPU, hostLinkRate: rate, leafSpineRate: rate, spineCoreRate: rate,
            hostLinkDelay: delay, leafSpineDelay: delay, spineCoreDelay: delay, radix: k)
    }

    public var leaves: Int { saturatingProduct(pods, leavesPerPod) }
    public var servers: Int { saturatingProduct(pods, leavesPerPod, serversPerLeaf) }
    public var hosts: Int { saturatingProduct(servers, server.nicsPerServer) }
    public var switches: Int {
        saturatingSum(saturatingProduct(pods, saturatingSum(leavesPerPod, spinesPerPod)), cores)
    }
    /// Cores in each of the `spinesPerPod` groups: the up-links of one spine.
    public var coresPerGroup: Int { spinesPerPod > 0 ? cores / spinesPerPod : 0 }
    /// Host cables, leaf–spine cables and spine–core cables.
    public var cables: Int {
        saturatingSum(hosts, saturatingProduct(pods, leavesPerPod, spinesPerPod), saturatingProduct(pods, cores))
    }
    public var portsPerLeaf: Int {
        saturatingSum(saturatingProduct(serversPerLeaf, server.nicsPerServer), spinesPerPod)
    }
    public var portsPerSpine: Int { saturatingSum(leavesPerPod, coresPerGroup) }
    public var portsPerCore: Int { pods }

    public func validate() throws(TopologyBuilder.Problem) {
        let check = ConfigCheck(shape: "fat-tree")
        try check.count(pods, "pods", in: 1...TopologyLimits.switches)
        try check.count(leavesPerPod, "leaves_per_pod", in: 1...TopologyLimits.switches)
        try check.count(spinesPerPod, "spines_per_pod", in: 1...TopologyLimits.switches)
        try check.count(cores, "cores", in: 1...TopologyLimits.switches)
        guard cores % spinesPerPod == 0 else {
            throw check.problem(
                "cores",
                "cores is \(cores) but spines_per_pod is \(spinesPerPod): the cores are split "
                    + "into one equal group per spine of a pod, so cores must be a multiple of \(spinesPerPod)")
        }
        try check.count(serversPerLeaf, "servers_per_leaf", in: 1...TopologyLimits.hosts)
        try server.validate(check.nested("server"))
        try check.rate(hostLinkRate, "host_link_rate")
        try check.rate(leafSpineRate, "leaf_spine_rate")
        try check.rate(spineCoreRate, "spine_core_rate")
        try check.delay(hostLinkDelay, "host_link_delay")
        try check.delay(leafSpineDelay, "leaf_spine_delay")
        try check.delay(spineCoreDelay, "spine_core_delay")
        try check.radix(radix)
        try check.size(
            hosts: hosts, switches: switches, cables: cables,
            how: "pods \(pods) × leaves_per_pod \(leavesPerPod) × servers_per_leaf \(serversPerLeaf) "
                + "× nics_per_server \(server.nicsPerServer)")
        try check.fits(
            radix, role: "leaf", ports: portsPerLeaf,
            need: "\(serversPerLeaf * server.nicsPerServer) to hosts + \(spinesPerPod) to spines")
        try check.fits(
            radix, role: "spine", ports: portsPerSpine,
            need: "\(leavesPerPod) to leaves + \(coresPerGroup) to cores")
        try check.fits(radix, role: "core", ports: portsPerCore, need: "one to each of \(pods) pods")
    }

    public func build() throws(TopologyBuilder.Problem) -> Topology {
        try validate()
        var builder = TopologyBuilder(kind: "fat-tree")
        builder.reserveCapacity(nodes: hosts + switches, cables: cables)
        let serversPerPod = leavesPerPod * serversPerLeaf
        let servers = server.addServers(self.servers, to: &builder) { s, _ in (s / serversPerPod, -1) }
        var leafIDs: [NodeID] = []
        var spineIDs: [[NodeID]] = []
        for p in 0..<pods {
            for i in 0..<leavesPerPod { leafIDs.append(builder.addNode(.leaf, name: "pod\(p).leaf\(i)", pod: p)) }
            spineIDs.append((0..<spinesPerPod).map { builder.addNode(.spine, name: "pod\(p).spine\($0)", pod: p) })
        }
        let coreIDs = (0..<cores).map { builder.addNode(.core, name: "core\($0)") }
        for (s, nics) in servers.enumerated() {
            for nic in nics {
                builder.connect(nic, leafIDs[s / serversPerLeaf], rate: hostLinkRate, delay: hostLinkDelay)
            }
        }
        for p in 0..<pods {
            for i in 0..<leavesPerPod {
                for spine in spineIDs[p] {
                    builder.connect(leafIDs[p * leavesPerPod + i], spine, rate: leafSpineRate, delay: leafSpineDelay)
                }
            }
        }
        let group = coresPerGroup
        for p in 0..<pods {
            for (j, spine) in spineIDs[p].enumerated() {
                for core in coreIDs[j * group..<(j + 1) * group] {
                    builder.connect(spine, core, rate: spineCoreRate, delay: spineCoreDelay)
                }
            }
        }
        return try builder.build()
    }
}
