import FabricKernel
import FabricTopology

/// `topology:` with `shape: ring` (switches in a ring): its own keys, its reader, and its size before anything
/// is built.
enum RingSection: TopologyShapeSection {
    static let documentation = SectionDocumentation(
        path: "topology (shape: ring)",
        summary:
            "Switches in a ring, each with single-NIC servers: the smallest fabric where shortest paths form a cyclic buffer dependency (for PFC deadlock studies).",
        keys: [
            ringSwitches.documentation, serversPerSwitch.documentation, linkRate.documentation,
            linkDelay.documentation,
        ])

    /// The fabric's counts from the shape's numbers alone, for the estimates made before it is built.
    static func size(_ c: RingConfig) -> TopologySize {
        let (n, k) = (Double(c.switches), Double(c.serversPerSwitch))
        // Shortest paths go one way round (both ways to the opposite switch of an even ring): about n/4 switch
        // links between two hosts, plus the two host links.
        return TopologySize(
            hosts: n * k, switches: n, cables: n * k + n, servers: n * k, columns: n,
            switchHops: n * (n - 1) + (c.switches % 2 == 0 ? n : 0), pathLinks: 2 + n / 4, neighbourLinks: 2)
    }

    static func read(_ reader: inout SectionReader) -> TopologySpec? {
        let switches = reader.read(ringSwitches)
        let servers = reader.read(serversPerSwitch)
        let rate = reader.read(linkRate)
        let delay = reader.read(linkDelay)
        guard let switches, let servers, let rate, let delay else { return nil }
        let config = RingConfig(
            switches: Int(switches), serversPerSwitch: Int(servers), linkRate: rate, linkDelay: delay)
        return TopologySpec(config, size: size(config))
    }

    static let ringSwitches = ScenarioKey<Int64>("switches", range: 3...1000, meaning: "Switches in the ring.")
    static let serversPerSwitch = ScenarioKey<Int64>(
        "servers_per_switch", default: 1, range: 1...1000,
        meaning:
            "Single-NIC servers on each ring switch; switches × servers_per_switch is at most \(TopologyLimits.hosts) hosts, as in every shape."
    )
    static let linkRate = ScenarioKey<Bandwidth>(
        "link_rate", default: TopologyDefaults.linkRate, range: TopologySection.rates, meaning: "Rate of every cable.")
    static let linkDelay = ScenarioKey<SimTime>(
        "link_delay", default: TopologyDefaults.leafSpineDelay, range: TopologySection.delays,
        meaning: "Propagation delay of every cable.")
}
