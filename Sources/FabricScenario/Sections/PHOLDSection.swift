import FabricKernel
import FabricReferenceModels

/// `phold:` — the PHOLD synthetic benchmark of event kernels.
enum PHOLDSection {
    static let entities = ScenarioKey<Int64>(
        "entities", default: 1024, range: 1...10_000_000, limitReason: "larger models belong to a real topology",
        meaning: "Entities the events move among.")
    static let population = ScenarioKey<Int64>(
        "population", default: 10_000, range: 1...50_000_000, limitReason: "50 million pending events use about 2 GB",
        meaning: "Events pending at all times.")
    static let meanDelay = ScenarioKey<SimTime>(
        "mean_delay", default: .microseconds(1), range: SimTime.picoseconds(1)...SimTime.seconds(1),
        meaning: "Mean of the exponential part of each event's delay.")
    static let lookahead = ScenarioKey<SimTime>(
        "lookahead", default: .zero, range: SimTime.zero...SimTime.seconds(1),
        meaning: "A fixed delay added to every event (the minimum delay; 0 in the classic benchmark).")

    static let documentation = SectionDocumentation(
        path: "phold",
        summary: "PHOLD (Fujimoto 1990), the standard synthetic benchmark of discrete-event kernels: a fixed "
            + "population of events hops between entities at random, each after an exponential delay.",
        keys: [entities.documentation, population.documentation, meanDelay.documentation, lookahead.documentation])

    static func read(_ reader: inout SectionReader) -> PHOLDConfig? {
        let entities = reader.read(Self.entities)
        let population = reader.read(Self.population)
        let meanDelay = reader.read(Self.meanDelay)
        let lookahead = reader.read(Self.lookahead)
        guard let entities, let population, let meanDelay, let lookahead else { return nil }
        return PHOLDConfig(
            entities: Int(entities), population: Int(population), meanDelay: meanDelay, lookahead: lookahead)
    }
}
