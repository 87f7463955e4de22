import FabricKernel
import FabricTopology

/// `topology:` with `shape: rail-optimized` (NIC i of every server on rail i): its own keys, its reader, and its
/// size before anything is built.
enum RailOptimizedSection: TopologyShapeSection {
    static let documentation = SectionDocumentation(
        path: "topology (shape: rail-optimized)",
        summary:
            "Servers of G GPUs with G NICs; NIC i of every server attaches to a leaf of rail i; rail leaves are joined by spines.",
        keys: [
            servers.documentation, gpusPerServer.documentation, serversPerRailLeaf.documentation,
            spines.documentation,
            parallelLinks.documentation, nvlinkBandwidth.documentation, nvlinkLatency.documentation,
            hostLinkRate.documentation, fabricLinkRate.documentation, hostLinkDelay.documentation,
            fabricLinkDelay.documentation, radix.documentation,
        ])

    /// The fabric's counts from the shape's numbers alone, for the estimates made before it is built.
    static func size(_ c: RailOptimizedConfig) -> TopologySize {
        let (l, s, p) = (Double(c.leaves), Double(c.spines), Double(c.parallelLinks))
        // A server's NIC r hangs from a leaf of rail r; ranks on neighbouring servers talk within a rail.
        return TopologySize(
            hosts: Double(c.hosts), switches: l + s, cables: Double(c.hosts) + l * s * p,
            servers: Double(c.servers),
            columns: l, switchHops: l * (l - 1) * s * p + s * l * p,
            pathLinks: TopologySize.twoTier(leaves: l),
            neighbourLinks: TopologySize.neighbours(serversPerLeaf: Double(c.groupSize), across: 4))
    }

    static func read(_ reader: inout SectionReader) -> TopologySpec? {
        let servers = reader.read(Self.servers)
        let gpus = reader.read(gpusPerServer)
        let perLeaf = reader.readOptional(serversPerRailLeaf)
        let spines = reader.read(Self.spines)
        let parallel = reader.read(parallelLinks)
        let bandwidth = reader.read(nvlinkBandwidth)
        let latency = reader.read(nvlinkLatency)
        let hostRate = reader.read(hostLinkRate)
        let fabricRate = reader.read(fabricLinkRate)
        let hostDelay = reader.read(hostLinkDelay)
        let fabricDelay = reader.read(fabricLinkDelay)
        let radix = reader.readOptional(Self.radix)
        guard let servers, let gpus, perLeaf != .some(nil), let spines, let parallel, let bandwidth, let latency,
            let hostRate, let fabricRate, let hostDelay, let fabricDelay, radix != .some(nil)
        else { return nil }
        let config = RailOptimizedConfig(
            servers: Int(servers), gpusPerServer: Int(gpus),
            serversPerRailLeaf: perLeaf.flatMap { $0 }.map(Int.init),
            spines: Int(spines), parallelLinks: Int(parallel), hostLinkRate: hostRate, fabricLinkRate: fabricRate,
            hostLinkDelay: hostDelay, fabricLinkDelay: fabricDelay, nvlinkBandwidth: bandwidth,
            nvlinkLatency: latency,
            radix: radix.flatMap { $0 }.map(Int.init))
        return TopologySpec(config, size: size(config))
    }

    static let servers = hostCount("servers", "Servers; NIC i of each attaches to a leaf of rail i.")
    static let serversPerRailLeaf = ScenarioKey<Int64>(
        "servers_per_rail_leaf", defaultText: "all servers", range: 1...Int64(TopologyLimits.hosts),
        limitReason: hostReason, meaning: "Servers per rail leaf: each rail has servers ÷ this many leaves.")
}
