import Foundation
import FabricKernel
import FabricMetrics

/// The short account of a run printed at the end of `fabricsim run`: the headline figures in aligned columns,
/// the checks, and where the files are.
public enum TerminalSummary {
    public static func text(_ result: RunResult, timing: RunTiming, directory: String?) -> String {
        var rows: [(String, String)] = [
            ("scenario", "\(result.scenario) (model \(result.model), seed \(result.seed))"),
            ("simulated", "\(result.simulatedTime), \(result.events) events, stopped: \(result.stopReason.rawValue)"),
        ]
        for entry in result.metrics.entries {
            guard let text = scalarText(entry.value) else { continue }
            rows.append((entry.key, text))
        }
        for check in result.checks {
            rows.append(("check", "\(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)"))
        }
        rows.append(("wall time", String(format: "%.3f s, %@ events/s", timing.wallSeconds, compact(timing.eventsPerSecond))))
        if let directory { rows.append(("results", directory)) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n") + "\n"
    }

    static func scalarText(_ value: ResultValue) -> String? {
        switch value {
        case .int(let i): String(i)
        case .double(let d): compact(d)
        case .string(let s): s
        case .bool(let b): String(b)
        case .null: "n/a"
        case .array, .object: nil
        }
    }

    /// Four significant digits, with M/k suffixes for large counts: readable at a glance.
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e9 { return String(format: "%.3gG", value / 1e9) }
        if magnitude >= 1e6 { return String(format: "%.3gM", value / 1e6) }
        if magnitude >= 1e4 { return String(format: "%.0f", value) }
        return String(format: "%.4g", value)
    }
}
