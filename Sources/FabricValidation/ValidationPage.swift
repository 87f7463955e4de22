/// Every check of docs/validation.md by section name, run in page order. A name selects one check (`--only`),
/// so one table can be regenerated without the rest.
public struct ValidationPage {
    public var probe: ScenarioProbe

    public init(root: String) { probe = ScenarioProbe(root: root) }

    public static let sections = [
        "collectives-packet", "collectives-flow", "nccl-tests", "dcqcn", "websearch", "hpcc-paper",
        "congestion-harness",
        "pfc", "checkpoint", "fidelity",
    ]

    public func table(_ name: String) throws -> ValidationTable {
        switch name {
        case "collectives-packet": try CollectiveCostCheck(probe: probe).table(fidelity: "packet")
        case "collectives-flow": try CollectiveCostCheck(probe: probe).table(fidelity: "flow")
        case "nccl-tests": try BusBandwidthCheck(probe: probe).table()
        case "dcqcn": try DCQCNCheck().table()
        case "websearch": try WebSearchCheck(probe: probe).table()
        case "hpcc-paper": try HPCCPaperCheck(probe: probe).table()
        case "congestion-harness": try CongestionHarnessCheck().table()
        case "pfc": try PFCCheck(probe: probe).table()
        case "checkpoint": CheckpointIntervalCheck().table()
        case "fidelity": try FidelityCheck(probe: probe).table()
        default:
            throw ScenarioProbe.Failure(
                description: "no check named '\(name)'; the checks are \(Self.sections.joined(separator: ", "))")
        }
    }
}
