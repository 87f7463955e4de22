import FabricKernel
import FabricTopology

/// The shapes a scenario's `topology.shape` names.
public enum TopologyShape: String, ScenarioChoice {
    case leafSpine = "leaf-spine"
    case fatTree = "fat-tree"
    case railOptimized = "rail-optimized"
    case ring
}

/// A topology as the scenario describes it, ready to build.
public enum TopologySpec: Sendable, Equatable {
    case leafSpine(LeafSpineConfig)
    case fatTree(FatTreeConfig)
    case railOptimized(RailOptimizedConfig)
    case ring(RingConfig)

    /// Checks the configuration (sizes, rates, radix) without building anything.
    public func validate() throws(TopologyBuilder.Problem) {
        switch self {
        case .ring(let config): try config.validate()
        case .leafSpine(let config): try config.validate()
        case .fatTree(let config): try config.validate()
        case .railOptimized(let config): try config.validate()
        }
    }

    public func build() throws(TopologyBuilder.Problem) -> Topology {
        switch self {
        case .ring(let config): try config.build()
        case .leafSpine(let config): try config.build()
        case .fatTree(let config): try config.build()
        case .railOptimized(let config): try config.build()
        }
    }
}

/// `topology:` — the fabric's shape and its sizes, rates and delays. Defaults: docs/topologies.md.
enum TopologySection {
    static let shape = ScenarioKey<TopologyShape>(
        "shape", meaning: "The fabric's shape; each shape reads its own keys below.")

    // Sizes.
    static let leaves = switchCount("leaves", "Leaf (top-of-rack) switches.")
    static let spines = ScenarioKey<Int64>(
        "spines", range: 0...Int64(TopologyLimits.switches), limitReason: switchReason,
        meaning: "Spine switches; every leaf connects to every spine.")
    static let serversPerLeaf = hostCount("servers_per_leaf", "Servers under each leaf.")
    static let parallelLinks = ScenarioKey<Int64>(
        "parallel_links", default: 1, range: 1...256, meaning: "Cables between each leaf and each spine.")
    static let radix = ScenarioKey<Int64>(
        "radix", defaultText: "unchecked", range: 1...4096,
        meaning: "Ports per switch; the scenario is refused when a switch needs more.")
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
    static let servers = hostCount("servers", "Servers; NIC i of each attaches to a leaf of rail i.")
    static let serversPerRailLeaf = ScenarioKey<Int64>(
        "servers_per_rail_leaf", defaultText: "all servers", range: 1...Int64(TopologyLimits.hosts),
        limitReason: hostReason, meaning: "Servers per rail leaf: each rail has servers ÷ this many leaves.")

    // Servers.
    static let gpusPerServer = ScenarioKey<Int64>(
        "gpus_per_server", default: Int64(TopologyDefaults.gpusPerServer), range: 1...1024,
        meaning: "GPUs in each server.")
    static let nicsPerServer = ScenarioKey<Int64>(
        "nics_per_server", default: Int64(TopologyDefaults.nicsPerServer), range: 1...256,
        meaning: "NICs in each server; GPU g uses NIC g × nics ÷ gpus.")
    static let nvlinkBandwidth = ScenarioKey<Bandwidth>(
        "nvlink_bandwidth", default: TopologyDefaults.nvlinkBandwidth,
        range: TopologyLimits.minimumRate...TopologyLimits.nvlinkBandwidth,
        meaning: "NVLink bandwidth of each GPU, each direction (NVLink 4 of an H100: 450 GB/s).")
    static let nvlinkLatency = ScenarioKey<SimTime>(
        "nvlink_latency", default: TopologyDefaults.nvlinkLatency, range: delays,
        meaning: "One-way latency of an NVLink transfer between two GPUs of a server.")

    // Links.
    static let hostLinkRate = ScenarioKey<Bandwidth>(
        "host_link_rate", default: TopologyDefaults.linkRate, range: rates,
        meaning: "Rate of each NIC's cable to its leaf.")
    static let fabricLinkRate = ScenarioKey<Bandwidth>(
        "fabric_link_rate", default: TopologyDefaults.linkRate, range: rates, meaning: "Rate of each leaf–spine cable.")
    static let leafSpineRate = ScenarioKey<Bandwidth>(
        "leaf_spine_rate", default: TopologyDefaults.linkRate, range: rates, meaning: "Rate of each leaf–spine cable.")
    static let spineCoreRate = ScenarioKey<Bandwidth>(
        "spine_core_rate", default: TopologyDefaults.linkRate, range: rates, meaning: "Rate of each spine–core cable.")
    static let hostLinkDelay = ScenarioKey<SimTime>(
        "host_link_delay", default: TopologyDefaults.hostLinkDelay, range: delays,
        meaning: "Propagation delay of a NIC's cable (5 ns per metre; default 3 m).")
    static let fabricLinkDelay = ScenarioKey<SimTime>(
        "fabric_link_delay", default: TopologyDefaults.leafSpineDelay, range: delays,
        meaning: "Propagation delay of a leaf–spine cable (default 30 m).")
    static let leafSpineDelay = ScenarioKey<SimTime>(
        "leaf_spine_delay", default: TopologyDefaults.leafSpineDelay, range: delays,
        meaning: "Propagation delay of a leaf–spine cable (default 30 m).")
    static let spineCoreDelay = ScenarioKey<SimTime>(
        "spine_core_delay", default: TopologyDefaults.spineCoreDelay, range: delays,
        meaning: "Propagation delay of a spine–core cable (default 100 m).")

    /// Counts of switches and of servers, bounded as the topology builders bound them (`TopologyLimits`), so that
    /// the reference states the limit a scenario meets.
    static func switchCount(_ name: String, _ meaning: String) -> ScenarioKey<Int64> {
        ScenarioKey<Int64>(name, range: 1...Int64(TopologyLimits.switches), limitReason: switchReason, meaning: meaning)
    }

    static func hostCount(_ name: String, _ meaning: String) -> ScenarioKey<Int64> {
        ScenarioKey<Int64>(name, range: 1...Int64(TopologyLimits.hosts), limitReason: hostReason, meaning: meaning)
    }

    static let switchReason = "a fabric holds at most \(TopologyLimits.switches) switches"
    static let hostReason = "a fabric holds at most \(TopologyLimits.hosts) hosts"

    /// Every link rate: 1 Mb/s (below it the model's picosecond products overflow; `TopologyLimits.minimumRate`)
    /// to 10 Tb/s.
    static let rates = TopologyLimits.minimumRate...TopologyLimits.linkRate
    /// Every propagation delay and latency: 0 to 1 s.
    static let delays = SimTime.zero...TopologyLimits.delay

    static let serverKeys = [
        gpusPerServer.documentation, nicsPerServer.documentation, nvlinkBandwidth.documentation,
        nvlinkLatency.documentation,
    ]

    static let documentation: [SectionDocumentation] = [
        SectionDocumentation(
            path: "topology", summary: "The fabric. `shape` chooses which keys apply.", keys: [shape.documentation]),
        SectionDocumentation(
            path: "topology (shape: leaf-spine)",
            summary: "Two tiers: every NIC of a server hangs from its leaf; every leaf connects to every spine.",
            keys: [
                leaves.documentation, spines.documentation, serversPerLeaf.documentation, parallelLinks.documentation,
            ]
                + serverKeys + [
                    hostLinkRate.documentation, fabricLinkRate.documentation, hostLinkDelay.documentation,
                    fabricLinkDelay.documentation, radix.documentation,
                ]),
        SectionDocumentation(
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
                ]),
        SectionDocumentation(
            path: "topology (shape: rail-optimized)",
            summary:
                "Servers of G GPUs with G NICs; NIC i of every server attaches to a leaf of rail i; rail leaves are joined by spines.",
            keys: [
                servers.documentation, gpusPerServer.documentation, serversPerRailLeaf.documentation,
                spines.documentation,
                parallelLinks.documentation, nvlinkBandwidth.documentation, nvlinkLatency.documentation,
                hostLinkRate.documentation, fabricLinkRate.documentation, hostLinkDelay.documentation,
                fabricLinkDelay.documentation, radix.documentation,
            ]),
        SectionDocumentation(
            path: "topology (shape: ring)",
            summary:
                "Switches in a ring, each with single-NIC servers: the smallest fabric where shortest paths form a cyclic buffer dependency (for PFC deadlock studies).",
            keys: [
                ringSwitches.documentation, serversPerSwitch.documentation, linkRate.documentation,
                linkDelay.documentation,
            ]),
    ]

    static func read(_ reader: inout SectionReader) -> TopologySpec? {
        guard let shape = reader.read(Self.shape) else { return nil }
        switch shape {
        case .leafSpine: return readLeafSpine(&reader)
        case .fatTree: return readFatTree(&reader)
        case .railOptimized: return readRailOptimized(&reader)
        case .ring: return readRing(&reader)
        }
    }

    static let ringSwitches = ScenarioKey<Int64>("switches", range: 3...1000, meaning: "Switches in the ring.")
    static let serversPerSwitch = ScenarioKey<Int64>(
        "servers_per_switch", default: 1, range: 1...1000,
        meaning:
            "Single-NIC servers on each ring switch; switches × servers_per_switch is at most \(TopologyLimits.hosts) hosts, as in every shape."
    )
    static let linkRate = ScenarioKey<Bandwidth>(
        "link_rate", default: TopologyDefaults.linkRate, range: rates, meaning: "Rate of every cable.")
    static let linkDelay = ScenarioKey<SimTime>(
        "link_delay", default: TopologyDefaults.leafSpineDelay, range: delays,
        meaning: "Propagation delay of every cable.")

    static func readRing(_ reader: inout SectionReader) -> TopologySpec? {
        let switches = reader.read(ringSwitches)
        let servers = reader.read(serversPerSwitch)
        let rate = reader.read(linkRate)
        let delay = reader.read(linkDelay)
        guard let switches, let servers, let rate, let delay else { return nil }
        return .ring(
            RingConfig(switches: Int(switches), serversPerSwitch: Int(servers), linkRate: rate, linkDelay: delay))
    }

    static func readServer(_ reader: inout SectionReader, singleGPUDefault: Bool = false) -> ServerConfig? {
        let gpus = singleGPUDefault && !reader.contains(gpusPerServer.name) ? 1 : reader.read(gpusPerServer)
        let nics = singleGPUDefault && !reader.contains(nicsPerServer.name) ? 1 : reader.read(nicsPerServer)
        let bandwidth = reader.read(nvlinkBandwidth)
        let latency = reader.read(nvlinkLatency)
        guard let gpus, let nics, let bandwidth, let latency else { return nil }
        return ServerConfig(
            gpusPerServer: Int(gpus), nicsPerServer: Int(nics), nvlinkBandwidth: bandwidth, nvlinkLatency: latency)
    }

    static func readLeafSpine(_ reader: inout SectionReader) -> TopologySpec? {
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
        return .leafSpine(
            LeafSpineConfig(
                leaves: Int(leaves), spines: Int(spines), serversPerLeaf: Int(serversPerLeaf), server: server,
                parallelLinks: Int(parallel), hostLinkRate: hostRate, fabricLinkRate: fabricRate,
                hostLinkDelay: hostDelay,
                fabricLinkDelay: fabricDelay, radix: radix.flatMap { $0 }.map(Int.init)))
    }

    static func readFatTree(_ reader: inout SectionReader) -> TopologySpec? {
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
        return .fatTree(
            FatTreeConfig(
                pods: Int(pods), leavesPerPod: Int(leavesPerPod), spinesPerPod: Int(spinesPerPod), cores: Int(cores),
                serversPerLeaf: Int(serversPerLeaf), server: server, hostLinkRate: hostRate, leafSpineRate: leafSpine,
                spineCoreRate: spineCore, hostLinkDelay: hostDelay, leafSpineDelay: leafSpineDelay,
                spineCoreDelay: spineCoreDelay, radix: radix.flatMap { $0 }.map(Int.init)))
    }

    static func readRailOptimized(_ reader: inout SectionReader) -> TopologySpec? {
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
        return .railOptimized(
            RailOptimizedConfig(
                servers: Int(servers), gpusPerServer: Int(gpus),
                serversPerRailLeaf: perLeaf.flatMap { $0 }.map(Int.init),
                spines: Int(spines), parallelLinks: Int(parallel), hostLinkRate: hostRate, fabricLinkRate: fabricRate,
                hostLinkDelay: hostDelay, fabricLinkDelay: fabricDelay, nvlinkBandwidth: bandwidth,
                nvlinkLatency: latency,
                radix: radix.flatMap { $0 }.map(Int.init)))
    }
}
