import FabricKernel

/// Switches joined in a ring, each with single-NIC, single-GPU servers: not a data-centre fabric, but the
/// smallest topology in which shortest-path routing creates a cyclic buffer dependency, so the one in which a
/// PFC deadlock can be demonstrated (Hu et al., "Deadlocks in Datacenter Networks: Why Do They Form, and How to
/// Avoid Them", HotNets 2016). Switch i is `ring<i>`, joined to ring<i+1> (mod n).
public struct RingConfig: FabricShape, Equatable {
    public var switches: Int
    public var serversPerSwitch: Int
    public var linkRate: Bandwidth
    public var linkDelay: SimTime

    public init(
        switches: Int, serversPerSwitch: Int, linkRate: Bandwidth = TopologyDefaults.linkRate,
        linkDelay: SimTime = TopologyDefaults.leafSpineDelay
    ) {
        self.switches = switches
        self.serversPerSwitch = serversPerSwitch
        self.linkRate = linkRate
        self.linkDelay = linkDelay
    }

    public var hosts: Int { saturatingProduct(switches, serversPerSwitch) }
    public var cables: Int { saturatingSum(hosts, switches) }

    /// The ring holds at most as many hosts as any shape (`TopologyLimits.hosts`): 1,000 switches of 1,000 servers
    /// would be a million.
    public func validate() throws(TopologyBuilder.Problem) {
        let check = ConfigCheck(shape: "ring")
        try check.count(switches, "switches", in: 3...1_000)
        try check.count(serversPerSwitch, "servers_per_switch", in: 1...1_000)
        try check.rate(linkRate, "link_rate")
        try check.delay(linkDelay, "link_delay")
        try check.size(
            hosts: hosts, switches: switches, cables: cables,
            how: "switches \(switches) × servers_per_switch \(serversPerSwitch)")
    }

    public func build() throws(TopologyBuilder.Problem) -> Topology {
        try validate()
        var builder = TopologyBuilder(kind: "ring")
        var hosts: [NodeID] = []
        for s in 0..<(switches * serversPerSwitch) { hosts.append(builder.addNode(.host, name: "server\(s).nic0")) }
        let ring = (0..<switches).map { builder.addNode(.leaf, name: "ring\($0)") }
        for (h, host) in hosts.enumerated() {
            builder.connect(host, ring[h / serversPerSwitch], rate: linkRate, delay: linkDelay)
            builder.addServer(
                nics: [host], gpuNIC: [0], nvlinkBandwidth: TopologyDefaults.nvlinkBandwidth,
                nvlinkLatency: TopologyDefaults.nvlinkLatency)
        }
        for i in 0..<switches { builder.connect(ring[i], ring[(i + 1) % switches], rate: linkRate, delay: linkDelay) }
        return try builder.build()
    }
}
