import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricReferenceModels
import FabricTopology
import FabricTransport
import FabricWorkload

/// A validated scenario: everything needed to build and run a simulation, and nothing left to interpret.
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    public var seed: UInt64
    public var stop: StopConditions
    public var model: ModelSpec
    /// The scenario as it was run, every key with its effective value (defaults included), in reading order.
    public var echo: ResultObject
    /// The file it was read from.
    public var file: String
    /// Which result files to write and how much history to keep (`output:`).
    public var output: OutputSettings = .default
    /// Packets or fluid flows, for a network model (`fidelity:`).
    public var fidelity: Fidelity = .packet

    /// What a scenario simulates. Exactly one model section chooses it.
    public enum ModelSpec: Sendable {
        case queueing(TandemQueueConfig)
        case phold(PHOLDConfig)
        case network(NetworkScenario)
        /// A collective alone over a range of sizes (`collective:`).
        case collective(CollectiveScenario)
        /// The training job (`workload:`).
        case training(TrainingScenario)

        /// The network a network, collective or training model runs on.
        public var network: NetworkScenario? {
            switch self {
            case .network(let spec): spec
            case .collective(let spec): spec.network
            case .training(let spec): spec.network
            case .queueing, .phold: nil
            }
        }

        /// The model's name in results: `mm1` for one station, `tandem` for several, `phold`, `network`.
        public var name: String {
            switch self {
            case .queueing(let config): config.meanService.count == 1 ? "mm1" : "tandem"
            case .phold: "phold"
            case .network: "network"
            case .collective: "collective"
            case .training: "training"
            }
        }
    }
}

extension Scenario {
    static let nameKey = ScenarioKey<String>(
        "name", defaultText: "the file name without .yaml", valid: "letters, digits, - _ .",
        meaning: "Names the run; results go to results/<name>/ unless --out says otherwise.",
        validate: { name in
            let allowed = name.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
            }
            return !name.isEmpty && name.count <= 100 && allowed && !name.hasPrefix(".")
                ? nil : "1 to 100 letters, digits, '-', '_' or '.', not starting with '.'"
        })
    static let descriptionKey = ScenarioKey<String>(
        "description", default: "", defaultText: "empty",
        meaning: "What question the scenario answers, for readers of its results.")
    static let seedKey = ScenarioKey<UInt64>(
        "seed", default: 1, valid: "0 to 2^64 − 1",
        meaning:
            "Seeds every random stream of the run; the same scenario and seed give byte-identical results. --seed overrides it."
    )

    static let fidelityKey = ScenarioKey<Fidelity>(
        "fidelity", default: .packet,
        meaning:
            "How finely a network is simulated: packet (queues, buffers, flow control, the ground truth for tails) or flow (fluid flows sharing links max-min fairly: no queueing, ECN, PFC, DCQCN, drops or credit stalls; far faster; docs/flow-model.md). --fidelity overrides it."
    )

    /// Every section a scenario may hold, in the order of the reference.
    static let sectionNames =
        ["stop", "output"] + modelSections + ["network", "traffic", "faults"] + jobSections
        + ["background"] + checkpointSections

    /// The model sections; a scenario writes exactly one.
    static let modelSections = ["queueing", "phold", "topology"]

    static let documentation = SectionDocumentation(
        path: "", summary: "The top level of a scenario file.",
        keys: [
            nameKey.documentation, descriptionKey.documentation, seedKey.documentation, fidelityKey.documentation,
            KeyDocumentation(
                name: "stop", type: "section", defaultValue: "no limits", valid: "",
                meaning: "Limits that end the run early (below)."),
            KeyDocumentation(
                name: "output", type: "section", defaultValue: "json, csv, html", valid: "",
                meaning: "Result files and sampling (below)."),
            KeyDocumentation(
                name: "queueing", type: "section", defaultValue: "—", valid: "one model section",
                meaning: "The queueing model (below)."),
            KeyDocumentation(
                name: "phold", type: "section", defaultValue: "—", valid: "one model section",
                meaning: "The PHOLD kernel benchmark (below)."),
            KeyDocumentation(
                name: "topology", type: "section", defaultValue: "—", valid: "one model section",
                meaning: "A fabric: with `network`, `traffic` and `faults`, the packet-level network model (below)."),
            NetworkSection.fabric.documentation,
            KeyDocumentation(
                name: "network", type: "section", defaultValue: "the fabric's", valid: "with topology",
                meaning: "The packet network's framing, switches, flow control, load balancing and transport."),
            KeyDocumentation(
                name: "traffic", type: "section", defaultValue: "—", valid: "with topology",
                meaning: "Synthetic flows between hosts."),
            KeyDocumentation(
                name: "faults", type: "list", defaultValue: "none", valid: "with topology",
                meaning: "Links and switches that fail, recover or degrade."),
            KeyDocumentation(
                name: "collective", type: "section", defaultValue: "—", valid: "with topology",
                meaning: "One collective over a range of sizes: a simulated nccl-tests (below)."),
            KeyDocumentation(
                name: "workload", type: "section", defaultValue: "—", valid: "with topology",
                meaning: "A data-parallel training job and its step-time tail (below)."),
            KeyDocumentation(
                name: "background", type: "list", defaultValue: "none", valid: "with topology",
                meaning: "Traffic generators sharing the fabric: Poisson flows, on/off bursts, incast storms."),
            KeyDocumentation(
                name: "storage", type: "section", defaultValue: "—", valid: "with workload and checkpoint",
                meaning: "The storage servers checkpoints are written to (below)."),
            KeyDocumentation(
                name: "checkpoint", type: "section", defaultValue: "—", valid: "with workload and storage",
                meaning: "The workload's checkpoints (below)."),
            KeyDocumentation(
                name: "failures", type: "section", defaultValue: "—", valid: "with checkpoint",
                meaning: "Failures and the goodput study (below)."),
        ])

    /// Every section of the reference, in the order docs/scenario-format.md lists them.
    public static let reference: [SectionDocumentation] =
        [
            documentation, StopConditions.documentation, OutputSection.documentation, QueueingSection.documentation,
            PHOLDSection.documentation,
        ] + TopologySection.documentation + [
            NetworkSection.documentation(.roce), NetworkSection.documentation(.infiniband),
        ]
        + TrafficSection.documentation + [BackgroundSection.documentation, FaultsSection.documentation]
        + [CollectiveSection.documentation] + WorkloadSection.documentation + [StorageSection.documentation]
        + CheckpointSection.documentation

    /// Reads a whole scenario document, reporting every problem together; a scenario whose estimated cost exceeds
    /// `limits` (or the run limits) is refused too.
    static func read(_ root: ScenarioNode, file: String, defaultName: String, limits: ResourceLimits)
        throws(ScenarioError) -> Scenario
    {
        let log = DiagnosticLog(file: file)
        var reader = SectionReader(path: "", node: root, log: log)
        let name = reader.read(nameKey, fallback: defaultName)
        let description = reader.read(descriptionKey)
        let seed = reader.read(seedKey)
        let fidelity = reader.read(fidelityKey)
        // Read even when absent, so the echo shows the limits in force.
        var stopReader = reader.section("stop") ?? SectionReader(path: "stop", node: .mapping([], nil), log: log)
        let stop = StopConditions(reading: &stopReader)
        stopReader.finish()
        reader.attach(stopReader)
        var outputReader = reader.section("output") ?? SectionReader(path: "output", node: .mapping([], nil), log: log)
        let output = OutputSection.read(&outputReader)
        outputReader.finish()
        reader.attach(outputReader)
        var models: [(name: String, spec: ModelSpec?)] = []
        if var section = reader.section("queueing") {
            models.append(("queueing", QueueingSection.read(&section).map(ModelSpec.queueing)))
            section.finish()
            reader.attach(section)
        }
        if var section = reader.section("phold") {
            models.append(("phold", PHOLDSection.read(&section).map(ModelSpec.phold)))
            section.finish()
            reader.attach(section)
        }
        let fabric = reader.read(NetworkSection.fabric)
        if reader.contains("topology") {
            let network = readNetwork(&reader, fabric: fabric ?? .roce, limits: limits)
            models.append(readJob(&reader, network: network) ?? ("topology", network.map(ModelSpec.network)))
        } else {
            for name in ["network", "traffic", "faults", "background"] + jobSections + checkpointSections
            where reader.contains(name) {
                reader.declare(name)
                reader.reject(
                    name, "describes a network, but the scenario has no topology; expected a topology section beside it"
                )
            }
        }
        let networkParts = (["network", "traffic", "faults", "background"] + jobSections).contains(
            where: reader.contains)
        if models.isEmpty, !networkParts, !modelSections.contains(where: reader.contains) {
            log.report(
                "", at: nil,
                "the scenario defines no model; expected one of the sections \(modelSections.joined(separator: ", "))")
        } else if models.count > 1 {
            reader.reject(
                models[1].name,
                "a scenario runs one model, but it defines \(models.map(\.name).joined(separator: " and ")); expected only one of them"
            )
        }
        if fidelity == .flow, !reader.contains("topology") {
            reader.reject(
                "fidelity", "flow fidelity applies to a network; expected a topology section, or fidelity: packet")
        }
        // Every section name is known at the top, so a misspelt one gets a "did you mean" and the list of keys
        // names them all, whichever model the scenario chose.
        sectionNames.forEach { reader.declare($0) }
        if let output, let spec = models.first?.spec {
            for problem in HeadlineMetrics.problems(output.metrics, model: spec.name) {
                outputReader.report(field: "metrics", problem)
            }
        }
        reader.finish()
        guard log.isEmpty, let name, let description, let seed, let fidelity, let stop, let output, fabric != nil,
            let model = models.first?.spec
        else {
            throw ScenarioError(log.diagnostics)
        }
        var echo = reader.echo
        echo["name"] = .string(name)
        var scenario = Scenario(
            name: name, description: description, seed: seed, stop: stop, model: model, echo: echo, file: file,
            output: output, fidelity: fidelity)
        scenario.boundEndlessRun()
        for refusal in ScenarioEstimate(scenario).refusals(scenario, limits: limits) {
            reader.reject(refusal.section, refusal.message)
        }
        guard log.isEmpty else { throw ScenarioError(log.diagnostics) }
        return scenario
    }
}

extension Scenario {
    /// A model that never ends by itself (PHOLD; a traffic scenario with a Poisson generator that has no stop), given
    /// no stop condition, stops at `RunLimits.longestRun` of simulated time, before its clock could overflow; the
    /// echo shows that limit as the run's stop.time. Ctrl-C still ends it any time before.
    mutating func boundEndlessRun() {
        guard stop == .unlimited, RunWork.endless(self) else { return }
        stop.time = RunLimits.longestRun
        if case .object(var echoed)? = echo["stop"] {
            echoed["time"] = stop.time.echo
            echo["stop"] = .object(echoed)
        }
    }
}

/// A packet-network scenario, validated and with its topology built.
public struct NetworkScenario: Sendable {
    public var fabric: FabricTechnology
    /// What a hybrid network borrows from the other fabric (`network.hybrid: true`), as results name it; nil when
    /// it is all one fabric.
    public var hybrid: String?
    /// The network profile (`network.profile`) as results name it, with the keys written over it; nil without one.
    public var profile: String?
    /// The congestion controller as info and the results name it: `dcqcn, rate set` (DCQCN with its parameter set,
    /// and the `dcqcn_*` keys written over it), `hpcc`, `swift` or `none`.
    public var controller: String
    public var topologySpec: TopologySpec
    public var topology: Topology
    public var network: NetworkConfig
    public var convergence: SimTime
    /// Synthetic flows (`traffic:`), if any.
    public var traffic: TrafficPattern?
    /// Traffic generators sharing the fabric (`background:`).
    public var background: [TrafficGenerator]
    public var faults: FaultSchedule

    /// The fabric as info and results name it: `roce`, or `hybrid: roce with InfiniBand's credit-based flow
    /// control (credits)`.
    public var fabricDescription: String { hybrid.map { "hybrid: " + $0 } ?? fabric.rawValue }

    /// Traffic classes the network needs: the acknowledgement class 0, and every data class used.
    public var trafficClasses: Int {
        let used = background.map(\.trafficClass) + [1]
        return max(2, (used.max() ?? 1) + 1)
    }
}

extension Scenario {
    /// Reads `topology`, `network`, `traffic` and `faults`, builds the topology and resolves the faults against
    /// it, so that a scenario that validates also runs.
    static func readNetwork(_ reader: inout SectionReader, fabric: FabricTechnology, limits: ResourceLimits)
        -> NetworkScenario?
    {
        // A topology that is not a mapping is reported by `section`; the other sections are still read.
        var spec: TopologySpec?
        var topology: Topology?
        if var topologyReader = reader.section("topology") {
            spec = TopologySection.read(&topologyReader)
            if let spec {
                do {
                    try spec.validate()
                    // The fabric's graph and routing table are sized before anything is built.
                    if let problem = FabricBudget(spec, limits: limits).problem {
                        topologyReader.report(field: nil, problem)
                    } else {
                        topology = try spec.build()
                    }
                } catch {
                    topologyReader.report(field: error.field, error.description)
                }
            }
            topologyReader.finish()
            reader.attach(topologyReader)
        }

        var networkReader =
            reader.section("network") ?? SectionReader(path: "network", node: .mapping([], nil), log: reader.log)
        let network = NetworkSection.read(&networkReader, fabric: fabric)
        networkReader.finish()
        reader.attach(networkReader)

        var traffic: TrafficPattern?
        var trafficValid = true
        if var trafficReader = reader.section("traffic") {
            traffic = TrafficSection.read(&trafficReader, hosts: topology?.hosts.count)
            trafficValid = traffic != nil
            trafficReader.finish()
            reader.attach(trafficReader)
        }
        var background: [TrafficGenerator]? = []
        if var items = reader.list("background") {
            background = BackgroundSection.read(&items, hosts: topology?.hosts.count)
            reader.attach(list: "background", items)
        }
        if !reader.contains("traffic"), !reader.contains("background"), !jobSections.contains(where: reader.contains) {
            reader.reject(
                "topology", "a network scenario needs something to carry; expected a traffic or a background section")
        }

        var faults: [FaultEvent]? = []
        if var items = reader.list("faults") {
            faults = FaultsSection.read(&items)
            reader.attach(list: "faults", items)
        }
        var schedule: FaultSchedule?
        if let topology, let faults {
            do {
                schedule = try FaultSchedule(faults, in: topology)
            } catch {
                reader.log.report(error.field ?? "faults", at: reader.location(of: "faults"), error.description)
            }
        }
        guard let spec, let topology, let network, trafficValid, let background, let schedule else { return nil }
        let scenario = NetworkScenario(
            fabric: fabric, hybrid: network.hybrid, profile: network.profile, controller: network.controller,
            topologySpec: spec, topology: topology,
            network: network.config,
            convergence: network.convergence, traffic: traffic, background: background, faults: schedule)
        if let problem = LosslessBufferCheck.problem(topology, config: network.config, classes: scenario.trafficClasses)
        {
            reader.log.report(
                "network.switch_buffer", at: reader.location(of: "network") ?? reader.location(of: "topology"), problem)
            return nil
        }
        return scenario
    }
}
