import FabricKernel
import FabricMetrics

/// The layout of `summary.json` and `timing.json` (documented in docs/results-format.md).
public enum SummaryDocument {
    /// Changes whenever a key is renamed or removed, so readers can tell layouts apart.
    public static let schema = "fabricsim.summary/2"
    /// The layouts this version reads (`compare` refuses others rather than guess what their keys mean).
    public static let knownSchemas = ["fabricsim.summary/1", schema]
    public static let timingSchema = "fabricsim.timing/1"

    /// Everything the model determined; byte-identical for the same scenario and seed.
    public static func summary(_ result: RunResult) -> ResultValue {
        var run = ResultObject()
        run["model"] = .string(result.model)
        run["simulated_time"] = .string(result.simulatedTime.description)
        run["simulated_time_s"] = .double(result.simulatedTime.seconds)
        run["events"] = .integer(result.events)
        run["peak_pending_events"] = .integer(result.peakPendingEvents)
        run["stop_reason"] = .string(result.stopReason.rawValue)
        run["checks_passed"] = .bool(result.allChecksPassed)
        run["fingerprint"] = result.fingerprintText.map { .string($0) } ?? .null
        run["fidelity"] = result.fidelity.map { .string($0) } ?? .null
        run["not_modelled"] = .array(result.notModelled.map { .string($0) })
        if let hybrid = result.hybridFabric { run["hybrid_fabric"] = .string(hybrid) }
        if let profile = result.networkProfile { run["network_profile"] = .string(profile) }
        if let controller = result.congestionControl { run["congestion_control"] = .string(controller) }

        var document = ResultObject()
        document["schema"] = .string(schema)
        document["fabricsim_version"] = .string(FabricSimVersion.string)
        document["scenario"] = .string(result.scenario)
        document["seed"] = .string(String(result.seed))
        document["run"] = .object(run)
        document["metrics"] = .object(result.metrics)
        document["percentiles"] = .array(
            PercentileSampling.figures(in: result.metrics).map { figure in
                .object(
                    ResultObject([
                        "metric": .string(figure.metric), "percentile": .double(figure.percentile),
                        "samples": .int(figure.samples),
                        "resolved": .bool(figure.resolved), "note": figure.note.map { .string($0) } ?? .null,
                    ]))
            })
        document["checks"] = .array(
            result.checks.map { check in
                .object(
                    ResultObject([
                        "name": .string(check.name), "passed": .bool(check.passed), "detail": .string(check.detail),
                    ]))
            })
        document["series"] = .object(seriesOutline(result.series))
        document["scenario_echo"] = .object(result.scenarioEcho)
        return .object(document)
    }

    /// What was sampled, without the points (they are in series.csv): what part of the run, the grid (point i at
    /// start + (i + 1) × interval on the run's clock) and each group of series.
    static func seriesOutline(_ set: TimeSeriesSet) -> ResultObject {
        var outline = ResultObject()
        outline["covers"] = set.isEmpty ? .null : .string(set.scope ?? "the run")
        outline["start"] = set.isEmpty ? .null : .string(set.origin.description)
        outline["start_s"] = set.isEmpty ? .null : .double(set.origin.seconds)
        outline["interval"] = set.isEmpty ? .null : .string(set.interval.description)
        outline["interval_s"] = set.isEmpty ? .null : .double(set.interval.seconds)
        outline["points"] = .integer(set.pointCount)
        outline["groups"] = .array(
            set.groups.map { group in
                let first = group.members[0].descriptor
                return .object(
                    ResultObject([
                        "name": .string(group.name), "unit": .string(first.unit), "kind": .string(first.kind.rawValue),
                        "members": .integer(group.members.count),
                    ]))
            })
        return outline
    }

    /// Wall-clock figures: they vary from run to run and are kept out of `summary.json`.
    public static func timing(_ timing: RunTiming, result: RunResult) -> ResultValue {
        var document = ResultObject()
        document["schema"] = .string(timingSchema)
        document["scenario"] = .string(result.scenario)
        document["wall_seconds"] = .double(timing.wallSeconds)
        document["events"] = .integer(timing.events)
        document["events_per_second"] = .double(timing.eventsPerSecond)
        let simulatedPerWall = timing.wallSeconds > 0 ? result.simulatedTime.seconds / timing.wallSeconds : 0
        document["simulated_seconds_per_wall_second"] = .double(simulatedPerWall)
        document["peak_resident_bytes"] = timing.peakResidentBytes.map { .int($0) } ?? .null
        return .object(document)
    }
}
