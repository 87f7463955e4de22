import FabricKernel
import FabricTopology

/// `topology:` — the fabric's shape; the shape's section reads the rest (`TopologyShape.section`). Defaults:
/// docs/topologies.md.
enum TopologySection {
    static let shape = ScenarioKey<TopologyShape>(
        "shape", meaning: "The fabric's shape; each shape reads its own keys below.")

    /// Every link rate: 1 Mb/s (below it the model's picosecond products overflow; `TopologyLimits.minimumRate`)
    /// to 10 Tb/s.
    static let rates = TopologyLimits.minimumRate...TopologyLimits.linkRate
    /// Every propagation delay and latency: 0 to 1 s.
    static let delays = SimTime.zero...TopologyLimits.delay

    static let documentation: [SectionDocumentation] =
        [
            SectionDocumentation(
                path: "topology", summary: "The fabric. `shape` chooses which keys apply.", keys: [shape.documentation])
        ] + TopologyShape.allCases.map { $0.section.documentation }

    static func read(_ reader: inout SectionReader) -> TopologySpec? {
        guard let shape = reader.read(Self.shape) else { return nil }
        return shape.section.read(&reader)
    }
}
