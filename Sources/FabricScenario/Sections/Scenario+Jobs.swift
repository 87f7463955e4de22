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
        for other in ["traffic", "background"] where reader.contains(other) {
            reader.reject(other, "the \(first) section runs its communication alone on the fabric; \(other) belongs to a packet-network scenario (a workload has background_load and microburst_interval instead)")
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
