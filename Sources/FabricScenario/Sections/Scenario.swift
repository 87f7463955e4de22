import FabricKernel
import FabricMetrics
import FabricReferenceModels

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

    /// What a scenario simulates. Exactly one model section chooses it.
    public enum ModelSpec: Sendable, Equatable {
        case queueing(TandemQueueConfig)
        case phold(PHOLDConfig)

        /// The model's name in results: `mm1` for one station, `tandem` for several, `phold`.
        public var name: String {
            switch self {
            case .queueing(let config): config.meanService.count == 1 ? "mm1" : "tandem"
            case .phold: "phold"
            }
        }
    }
}

extension Scenario {
    static let nameKey = ScenarioKey<String>(
        "name", defaultText: "the file name without .yaml", valid: "letters, digits, - _ .",
        meaning: "Names the run; results go to results/<name>/ unless --out says otherwise.",
        validate: { name in
            let allowed = name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
            return !name.isEmpty && name.count <= 100 && allowed && !name.hasPrefix(".")
                ? nil : "1 to 100 letters, digits, '-', '_' or '.', not starting with '.'"
        })
    static let descriptionKey = ScenarioKey<String>(
        "description", default: "", defaultText: "empty", meaning: "What question the scenario answers, for readers of its results.")
    static let seedKey = ScenarioKey<UInt64>(
        "seed", default: 1, valid: "0 to 2^64 − 1",
        meaning: "Seeds every random stream of the run; the same scenario and seed give byte-identical results. --seed overrides it.")

    /// The model sections; a scenario writes exactly one.
    static let modelSections = ["queueing", "phold"]

    static let documentation = SectionDocumentation(
        path: "", summary: "The top level of a scenario file.",
        keys: [nameKey.documentation, descriptionKey.documentation, seedKey.documentation,
               KeyDocumentation(name: "stop", type: "section", defaultValue: "no limits", valid: "",
                                meaning: "Limits that end the run early (below)."),
               KeyDocumentation(name: "queueing", type: "section", defaultValue: "—", valid: "one model section",
                                meaning: "The queueing model (below)."),
               KeyDocumentation(name: "phold", type: "section", defaultValue: "—", valid: "one model section",
                                meaning: "The PHOLD kernel benchmark (below).")])

    /// Every section of the reference, in the order docs/scenario-format.md lists them.
    public static let reference: [SectionDocumentation] = [
        documentation, StopConditions.documentation, QueueingSection.documentation, PHOLDSection.documentation,
    ]

    /// Reads a whole scenario document, reporting every problem together.
    static func read(_ root: ScenarioNode, file: String, defaultName: String) throws(ScenarioError) -> Scenario {
        let log = DiagnosticLog(file: file)
        var reader = SectionReader(path: "", node: root, log: log)
        let name = reader.read(nameKey, fallback: defaultName)
        let description = reader.read(descriptionKey)
        let seed = reader.read(seedKey)
        // Read even when absent, so the echo shows the limits in force.
        var stopReader = reader.section("stop") ?? SectionReader(path: "stop", node: .mapping([], nil), log: log)
        let stop = StopConditions(reading: &stopReader)
        stopReader.finish()
        reader.attach(stopReader)
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
        if models.isEmpty, !modelSections.contains(where: reader.contains) {
            log.report("", at: nil, "the scenario defines no model; expected one of the sections \(modelSections.joined(separator: ", "))")
        } else if models.count > 1 {
            reader.reject(models[1].name, "a scenario runs one model, but it defines \(models.map(\.name).joined(separator: " and ")); expected only one of them")
        }
        reader.finish()
        guard log.isEmpty, let name, let description, let seed, let stop, let model = models.first?.spec else {
            throw ScenarioError(log.diagnostics)
        }
        var echo = reader.echo
        echo["name"] = .string(name)
        return Scenario(name: name, description: description, seed: seed, stop: stop, model: model, echo: echo, file: file)
    }
}
