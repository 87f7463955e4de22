import FabricCollectives
import FabricNetwork
import FabricWorkload

extension Scenario {
    /// The sections that run communication over a topology instead of its `traffic:`.
    static let jobSections = ["collective", "workload"]

    /// Reads `collective:` or `workload:` beside a topology, or returns nil when the scenario has neither (it is
    /// then a packet-network scenario). `network` is what `readNetwork` made of the other sections.
    static func readJob(_ reader: inout SectionReader, network: NetworkScenario?) -> (name: String, spec: ModelSpec?)? {
        let present = jobSections.filter(reader.contains)
        guard let first = present.first else { return nil }
        if reader.contains("traffic") {
            reader.reject("traffic", "the \(first) section brings its own traffic; traffic belongs to a packet-network scenario (a workload shares the fabric with a background section instead)")
        }
        if first == "collective", reader.contains("background") {
            reader.reject("background", "a collective sweep runs each size alone on an idle fabric; background traffic goes with a workload or a traffic scenario")
        }
        if present.count > 1 {
            reader.declare(present[1])
            reader.reject(present[1], "a scenario runs one model, but it defines collective and workload; expected only one of them")
        }
        var section = reader.section(first)!
        let spec: ModelSpec?
        if first == "collective" {
            spec = CollectiveSection.read(&section, network: network).map(ModelSpec.collective)
        } else {
            spec = WorkloadSection.read(&section, network: network).map(ModelSpec.training)
        }
        section.finish()
        reader.attach(section)
        return (first, spec)
    }
}
