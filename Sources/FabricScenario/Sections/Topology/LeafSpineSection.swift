import FabricKernel
import FabricTopology

/// `topology:` with `shape: leaf-spine` (two tiers, every leaf joined to every spine): its own keys, its reader,
/// and its size before anything is built.
enum LeafSpineSection: TopologyShapeSection {
    static let documentation = SectionDocumentation(
        path: "topology (shape: leaf-spine)",
        summary: "Two tiers: every NIC of a server hangs from its leaf; every leaf connects to every spine.",
        keys: [
            leaves.documentation, spines.documentation, serversPerLeaf.documentation, parallelLinks.documentation,
        ]
            + serverKeys + [
                hostLinkRate.documentation, fabricLinkRate.documentation, hostLinkDelay.documentation,
                fabricLinkDelay.documentation, radix.documentation,
            ])

    /// The fabric's counts from the shape's numbers alone, for the estimates made before it is built.
    static func size(_ c: LeafSpineConfig) -> TopologySize {
        let (l, s, p) = (Double(c.leaves), Double(c.spines), Double(c.parallelLinks))
        let perLeaf = Double(c.serversPerLeaf) * Double(c.server.nicsPerServer)
        return TopologySize(
            hosts: l * perLeaf, switches: l + s, cables: l * perLeaf + l * s * p,
            servers: l * Double(c.serversPerLeaf),
            columns: l, switchHops: l * (l - 1) * s * p + s * l * p,
            pathLinks: TopologySize.twoTier(leaves: l),
            neighbourLinks: TopologySize.neighbours(serversPerLeaf: Double(c.serversPerLeaf), across: 4))
    }

    static func read(_ reader: inout SectionReader) -> TopologySpec? {
        let leaves = reader.read(Self.leaves)
        let spines = reader.read(Self.spines)
        let serversPerLeaf = reader.read(Self.serversPerLeaf)
        let parallel = reader.read(parallelLinks)
        let server = readServer(&reader)
        let hostRate = reader.read(hostLinkRate)
        let fabricRate = reader.read(fabricLinkRate)
        let hostDelay = reader.read(hostLinkDelay)
        let fabricDelay = reader.read(fabricLinkDelay)
        let radix = reader.readOptional(Self.radix)
        guard let leaves, let spines, let serversPerLeaf, let parallel, let server, let hostRate, let fabricRate,
            let hostDelay, let fabricDelay, radix != .some(nil)
        else { return nil }
        let config = LeafSpineConfig(
            leaves: Int(leaves), spines: Int(spines), serversPerLeaf: Int(serversPerLeaf), server: server,
            parallelLinks: Int(parallel), hostLinkRate: hostRate, fabricLinkRate: fabricRate,
            hostLinkDelay: hostDelay,
            fabricLinkDelay: fabricDelay, radix: radix.flatMap { $0 }.map(Int.init))
        return TopologySpec(config, size: size(config))
    }

}
