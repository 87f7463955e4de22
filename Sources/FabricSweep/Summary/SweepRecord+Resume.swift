import FabricExport
import FabricKernel
import FabricMetrics
import Foundation

extension SweepRecord {
    /// The record of a run whose files an earlier, interrupted or preempted, sweep already wrote: read from its
    /// summary.json when that file is this version's, for this seed, and for exactly this scenario (its
    /// `scenario_echo`: every key with its effective value, overrides included). Nil otherwise, and the run is
    /// run again. The numbers in summary.json are exact, so the record equals the one the run would give.
    init?(resuming folder: URL, point: Int, seed: UInt64, echo: ResultObject) {
        let file = folder.appendingPathComponent("summary.json")
        guard let text = try? String(contentsOf: file, encoding: .utf8),
            let summary = try? JSONReader.parse(text),
            summary["schema"] == .string(SummaryDocument.schema),
            summary["fabricsim_version"] == .string(FabricSimVersion.string),
            summary["seed"] == .string(String(seed)),
            let written = summary["scenario_echo"],
            JSONWriter.string(written) == JSONWriter.string(.object(echo)),
            case .bool(let passed)? = summary["run"]?["checks_passed"],
            case .object(let metrics)? = summary["metrics"]
        else { return nil }
        self.init(point: point, seed: seed, checksPassed: passed, values: Self.headline(metrics))
    }
}
