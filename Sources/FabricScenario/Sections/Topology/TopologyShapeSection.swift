import FabricKernel
import FabricTopology

/// A shape's section of `topology:`: its reference, and its reader, which builds the shape's configuration and its
/// size before anything is built. Adding a shape is its builder (FabricTopology), its section here, and one line in
/// `TopologyShape` (docs/design/0013-topology-shapes.md).
protocol TopologyShapeSection {
    static var documentation: SectionDocumentation { get }
    static func read(_ reader: inout SectionReader) -> TopologySpec?
}

/// The keys several shapes share — sizes, servers, link rates and delays — and their bounds, which every shape's
/// section reads under the same names and limits.
extension TopologyShapeSection {
    // Sizes.
    static var leaves: ScenarioKey<Int64> { switchCount("leaves", "Leaf (top-of-rack) switches.") }
    static var spines: ScenarioKey<Int64> {
        ScenarioKey<Int64>(
            "spines", range: 0...Int64(TopologyLimits.switches), limitReason: switchReason,
            meaning: "Spine switches; every leaf connects to every spine.")
    }
    static var serversPerLeaf: ScenarioKey<Int64> { hostCount("servers_per_leaf", "Servers under each leaf.") }
    static var parallelLinks: ScenarioKey<Int64> {
        ScenarioKey<Int64>(
            "parallel_links", default: 1, range: 1...256, meaning: "Cables between each leaf and each spine.")
    }
    static var radix: ScenarioKey<Int64> {
        ScenarioKey<Int64>(
            "radix", defaultText: "unchecked", range: 1...4096,
            meaning: "Ports per switch; the scenario is refused when a switch needs more.")
    }

    // Servers.
    static var gpusPerServer: ScenarioKey<Int64> {
        ScenarioKey<Int64>(
            "gpus_per_server", default: Int64(TopologyDefaults.gpusPerServer), range: 1...1024,
            meaning: "GPUs in each server.")
    }
    static var nicsPerServer: ScenarioKey<Int64> {
        ScenarioKey<Int64>(
            "nics_per_server", default: Int64(TopologyDefaults.nicsPerServer), range: 1...256,
            meaning: "NICs in each server; GPU g uses NIC g × nics ÷ gpus.")
    }
    static var nvlinkBandwidth: ScenarioKey<Bandwidth> {
        ScenarioKey<Bandwidth>(
            "nvlink_bandwidth", default: TopologyDefaults.nvlinkBandwidth,
            range: TopologyLimits.minimumRate...TopologyLimits.nvlinkBandwidth,
            meaning: "NVLink bandwidth of each GPU, each direction (NVLink 4 of an H100: 450 GB/s).")
    }
    static var nvlinkLatency: ScenarioKey<SimTime> {
        ScenarioKey<SimTime>(
            "nvlink_latency", default: TopologyDefaults.nvlinkLatency, range: TopologySection.delays,
            meaning: "One-way latency of an NVLink transfer between two GPUs of a server.")
    }

    // Links.
    static var hostLinkRate: ScenarioKey<Bandwidth> {
        ScenarioKey<Bandwidth>(
            "host_link_rate", default: TopologyDefaults.linkRate, range: TopologySection.rates,
            meaning: "Rate of each NIC's cable to its leaf.")
    }
    static var fabricLinkRate: ScenarioKey<Bandwidth> {
        ScenarioKey<Bandwidth>(
            "fabric_link_rate", default: TopologyDefaults.linkRate, range: TopologySection.rates,
            meaning: "Rate of each leaf–spine cable.")
    }
    static var leafSpineRate: ScenarioKey<Bandwidth> {
        ScenarioKey<Bandwidth>(
            "leaf_spine_rate", default: TopologyDefaults.linkRate, range: TopologySection.rates,
            meaning: "Rate of each leaf–spine cable.")
    }
    static var spineCoreRate: ScenarioKey<Bandwidth> {
        ScenarioKey<Bandwidth>(
            "spine_core_rate", default: TopologyDefaults.linkRate, range: TopologySection.rates,
            meaning: "Rate of each spine–core cable.")
    }
    static var hostLinkDelay: ScenarioKey<SimTime> {
        ScenarioKey<SimTime>(
            "host_link_delay", default: TopologyDefaults.hostLinkDelay, range: TopologySection.delays,
            meaning: "Propagation delay of a NIC's cable (5 ns per metre; default 3 m).")
    }
    static var fabricLinkDelay: ScenarioKey<SimTime> {
        ScenarioKey<SimTime>(
            "fabric_link_delay", default: TopologyDefaults.leafSpineDelay, range: TopologySection.delays,
            meaning: "Propagation delay of a leaf–spine cable (default 30 m).")
    }
    static var leafSpineDelay: ScenarioKey<SimTime> {
        ScenarioKey<SimTime>(
            "leaf_spine_delay", default: TopologyDefaults.leafSpineDelay, range: TopologySection.delays,
            meaning: "Propagation delay of a leaf–spine cable (default 30 m).")
    }
    static var spineCoreDelay: ScenarioKey<SimTime> {
        ScenarioKey<SimTime>(
            "spine_core_delay", default: TopologyDefaults.spineCoreDelay, range: TopologySection.delays,
            meaning: "Propagation delay of a spine–core cable (default 100 m).")
    }

    /// Counts of switches and of servers, bounded as the topology builders bound them (`TopologyLimits`), so that
    /// the reference states the limit a scenario meets.
    static func switchCount(_ name: String, _ meaning: String) -> ScenarioKey<Int64> {
        ScenarioKey<Int64>(name, range: 1...Int64(TopologyLimits.switches), limitReason: switchReason, meaning: meaning)
    }

    static func hostCount(_ name: String, _ meaning: String) -> ScenarioKey<Int64> {
        ScenarioKey<Int64>(name, range: 1...Int64(TopologyLimits.hosts), limitReason: hostReason, meaning: meaning)
    }

    static var switchReason: String { "a fabric holds at most \(TopologyLimits.switches) switches" }
    static var hostReason: String { "a fabric holds at most \(TopologyLimits.hosts) hosts" }

    static var serverKeys: [KeyDocumentation] {
        [
            gpusPerServer.documentation, nicsPerServer.documentation, nvlinkBandwidth.documentation,
            nvlinkLatency.documentation,
        ]
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
}
