import FabricKernel
import FabricTopology

/// `topology:` with `shape: fat-tree` (three tiers, pods under a core): its own keys, its reader, and its size
/// before anything is built.
enum FatTreeSection: TopologyShapeSection {
    static let documentation = SectionDocumentation(
        path: "topology (shape: fat-tree)",
        summary: "Three tiers: pods of leaves and spines under a core (super-spine) tier.",
        keys: [
            k.documentation, pods.documentation, leavesPerPod.documentation, spinesPerPod.documentation,
            cores.documentation,
            serversPerLeaf.documentation,
        ] + serverKeys
            + [
                hostLinkRate.documentation, leafSpineRate.documentation, spineCoreRate.documentation,
                hostLinkDelay.documentation, leafSpineDelay.documentation, spineCoreDelay.documentation,
                radix.documentation,
            ])

    /// The fabric's counts from the shape's numbers alone, for the estimates made before it is built.
    static func size(_ c: FatTreeConfig) -> TopologySize {
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
        return TopologySize(
            hosts: leaves * perLeaf, switches: leaves + pods * spp + cores,
            cables: leaves * perLeaf + leaves * spp + pods * spp * group,
            servers: leaves * Double(c.serversPerLeaf),
            columns: leaves, switchHops: switchHops, pathLinks: path,
            neighbourLinks: TopologySize.neighbours(serversPerLeaf: Double(c.serversPerLeaf), across: lpp > 1 ? 4 : 6))
    }

    static func read(_ reader: inout SectionReader) -> TopologySpec? {
        let k = reader.readOptional(Self.k)
        guard k != .some(nil) else { return nil }
        let half = k.flatMap { $0 }.map { $0 / 2 }
        let pods = half.map { $0 * 2 } ?? reader.read(Self.pods)
        let leavesPerPod = half ?? reader.read(Self.leavesPerPod)
        let spinesPerPod = half ?? reader.read(Self.spinesPerPod)
        let cores = half.map { $0 * $0 } ?? reader.read(Self.cores)
        let serversPerLeaf = half ?? reader.read(Self.serversPerLeaf)
        let server = readServer(&reader, singleGPUDefault: half != nil)
        let hostRate = reader.read(hostLinkRate)
        let leafSpine = reader.read(leafSpineRate)
        let spineCore = reader.read(spineCoreRate)
        let hostDelay = reader.read(hostLinkDelay)
        let leafSpineDelay = reader.read(Self.leafSpineDelay)
        let spineCoreDelay = reader.read(Self.spineCoreDelay)
        let radix = half != nil ? .some(k.flatMap { $0 }) : reader.readOptional(Self.radix)
        if let k = k.flatMap({ $0 }), k % 2 != 0 {
            reader.reject(
                "k", "found \(k); expected an even number (a k-ary fat-tree splits each switch's k ports in halves)")
            return nil
        }
        guard let pods, let leavesPerPod, let spinesPerPod, let cores, let serversPerLeaf, let server, let hostRate,
            let leafSpine, let spineCore, let hostDelay, let leafSpineDelay, let spineCoreDelay, radix != .some(nil)
        else { return nil }
        let config = FatTreeConfig(
            pods: Int(pods), leavesPerPod: Int(leavesPerPod), spinesPerPod: Int(spinesPerPod), cores: Int(cores),
            serversPerLeaf: Int(serversPerLeaf), server: server, hostLinkRate: hostRate, leafSpineRate: leafSpine,
            spineCoreRate: spineCore, hostLinkDelay: hostDelay, leafSpineDelay: leafSpineDelay,
            spineCoreDelay: spineCoreDelay, radix: radix.flatMap { $0 }.map(Int.init))
        return TopologySpec(config, size: size(config))
    }

    static let k = ScenarioKey<Int64>(
        "k", defaultText: "none", range: 2...256,
        meaning:
            "Shorthand for the classic k-ary fat-tree: k pods of k/2 leaves and k/2 spines, (k/2)² cores, k/2 single-GPU servers per leaf; the other size keys are then not read."
    )
    static let pods = switchCount("pods", "Pods.")
    static let leavesPerPod = switchCount("leaves_per_pod", "Leaves in each pod.")
    static let spinesPerPod = switchCount(
        "spines_per_pod", "Spines in each pod; every leaf of the pod connects to every one.")
    static let cores = switchCount(
        "cores",
        "Core (super-spine) switches, split into spines_per_pod groups; spine j of every pod connects to every core of group j."
    )
}
