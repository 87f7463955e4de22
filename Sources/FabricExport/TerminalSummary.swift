import FabricKernel
import FabricMetrics
import Foundation

/// The short account of a run printed at the end of `fabricsim run`: what ran, the headline figures — each
/// beside its theoretical value where the model states one (`x` and `theory_x`) — the checks, and where the
/// files are.
public enum TerminalSummary {
    public static func text(_ result: RunResult, timing: RunTiming, directory: String?, files: [String] = []) -> String
    {
        var out =
            "FabricSim \(FabricSimVersion.string) · \(result.scenario) · model \(result.model) · seed \(result.seed)"
            + (result.fidelity.map { " · fidelity \($0)" } ?? "") + "\n"
        if !result.notModelled.isEmpty {
            out += "not modelled at this fidelity: " + result.notModelled.joined(separator: ", ") + "\n"
        }
        if let hybrid = result.hybridFabric { out += "hybrid fabric: \(hybrid)\n" }
        if let profile = result.networkProfile { out += "network profile: \(profile)\n" }
        out +=
            "simulated \(result.simulatedTime.roundedDescription) in \(grouped(result.events)) events, stopped: \(result.stopReason.rawValue)\n\n"

        var rows: [[String]] = [["metric", "measured", "theory", "difference", "note"]]
        let metrics = result.metrics
        let notes = percentileNotes(metrics)
        if let line = headlineLine(result.headline, metrics: metrics, notes: notes) { out += line + "\n\n" }
        for entry in metrics.entries where !entry.key.hasPrefix("theory_") {
            guard let measured = scalarText(entry.value) else { continue }
            let note = notes[entry.key] ?? ""
            if let theory = metrics["theory_" + entry.key], let theoryText = scalarText(theory) {
                var difference = ""
                if let m = entry.value.doubleValue, let t = theory.doubleValue, t != 0 {
                    difference = String(format: "%+.2f %%", (m - t) / t * 100)
                }
                rows.append([entry.key, measured, theoryText, difference, note])
            } else {
                rows.append([entry.key, measured, "", "", note])
            }
        }
        out += table(rows)
        out += highlights(metrics)
        out += "\n"
        for check in result.checks {
            out += "\(check.passed ? "✓" : "✗ FAILED") \(check.name): \(check.detail)\n"
        }
        out += String(format: "wall time %.3f s · %@ events/s", timing.wallSeconds, compact(timing.eventsPerSecond))
        if let directory { out += " · results in \(directory)/" }
        out += "\n"
        if let fingerprint = result.fingerprintText { out += "fingerprint \(fingerprint)\n" }
        if !files.isEmpty { out += "files: " + files.joined(separator: ", ") + "\n" }
        return out
    }

    /// "headline: stall_p99_ms 0.3605 (P99 of 30 samples = the maximum) · pause_frames 0": the scenario's headline
    /// figures first, so the answer to its question is the first thing read.
    static func headlineLine(_ headline: [String], metrics: ResultObject, notes: [String: String]) -> String? {
        guard !headline.isEmpty else { return nil }
        return "headline: "
            + headline.map { name in
                let value = metrics[name].flatMap(scalarText) ?? "n/a"
                return "\(name) \(value)" + (notes[name].map { " (\($0))" } ?? "")
            }.joined(separator: " · ")
    }

    /// "P99 of 30 samples = the maximum" by metric, for the percentiles over too few samples to be more than
    /// their maximum (`PercentileSampling`).
    package static func percentileNotes(_ metrics: ResultObject) -> [String: String] {
        var notes: [String: String] = [:]
        for figure in PercentileSampling.figures(in: metrics) { notes[figure.metric] = figure.note }
        return notes
    }

    /// A line per table of the metrics (rows, and where the table has a known shape, its worst rows), so the
    /// terminal shows where to look without printing the tables — but a collective sweep's sizes, printed whole
    /// as nccl-tests prints them.
    static func highlights(_ metrics: ResultObject) -> String {
        var out = ""
        for (key, value) in metrics.entries {
            guard case .array(let items) = value, !items.isEmpty else { continue }
            let rows = items.compactMap(\.objectValue)
            guard rows.count == items.count else { continue }
            if key == "nccl_tests", let table = NCCLTestsText.text(rows) {
                out += (out.isEmpty ? "" : "\n") + table + "\n"
                continue
            }
            var line = "\(key): \(grouped(rows.count)) rows"
            if let worst = worstPorts(rows) { line += "; " + worst }
            out += line + "\n"
        }
        return out.isEmpty ? "" : "\n" + out
    }

    /// For a table of ports (`link`, `utilisation`, `peak_queue_bytes`): the three busiest and the three deepest
    /// queues. Where the table has `utilisation_while_communicating` (a training job, whose ports idle through the
    /// compute phases), the busiest are ranked by that.
    static func worstPorts(_ rows: [ResultObject]) -> String? {
        func name(_ row: ResultObject) -> String? {
            guard case .string(let link)? = row["link"] else { return nil }
            return link
        }
        var parts: [String] = []
        let communicating = rows.contains { $0["utilisation_while_communicating"]?.doubleValue != nil }
        let column = communicating ? "utilisation_while_communicating" : "utilisation"
        let busy = rows.filter { name($0) != nil && $0[column]?.doubleValue != nil }
            .sorted { $0[column]!.doubleValue! > $1[column]!.doubleValue! }.prefix(3)
        if !busy.isEmpty {
            parts.append(
                (communicating ? "busiest while communicating " : "busiest ")
                    + busy.map { "\(name($0)!) \(String(format: "%.0f %%", $0[column]!.doubleValue! * 100))" }.joined(
                        separator: ", "))
        }
        let deep = rows.filter { name($0) != nil && ($0["peak_queue_bytes"]?.doubleValue ?? 0) > 0 }
            .sorted { $0["peak_queue_bytes"]!.doubleValue! > $1["peak_queue_bytes"]!.doubleValue! }.prefix(3)
        if !deep.isEmpty {
            parts.append(
                "deepest queues "
                    + deep.map { "\(name($0)!) \(ByteCount(Int64($0["peak_queue_bytes"]!.doubleValue!)).roundedText)" }
                    .joined(separator: ", "))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Columns padded to their widest cell; numbers right-aligned.
    package static func table(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        let used = (0..<columns).filter { c in rows.dropFirst().contains { !$0[c].isEmpty } }
        return rows.map { row in
            used.map { c in
                let cell = row[c]
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    static func scalarText(_ value: ResultValue) -> String? {
        switch value {
        case .int(let i): grouped(i)
        case .double(let d): compact(d)
        case .string(let s): s
        case .bool(let b): String(b)
        case .null: "n/a"
        case .array, .object: nil
        }
    }

    /// Four significant digits, with M/G suffixes for large values: readable at a glance.
    package static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e9 { return String(format: "%.3gG", value / 1e9) }
        if magnitude >= 1e6 { return String(format: "%.3gM", value / 1e6) }
        if magnitude >= 1e4 { return String(format: "%.0f", value) }
        return String(format: "%.4g", value)
    }

    /// 1234567 → 1,234,567.
    package static func grouped<I: BinaryInteger>(_ value: I) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + out
    }
}
