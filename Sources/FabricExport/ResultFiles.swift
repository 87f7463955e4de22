import FabricMetrics
import Foundation

/// The set of result files of one run, by format, ready to be staged by `AtomicFiles`. Every file is a pure
/// function of the run's result (timing.json of its timing too), so exporting a run twice gives the same bytes.
public enum ResultFiles {
    public enum Format: String, CaseIterable, Sendable {
        /// summary.json and timing.json.
        case json
        /// metrics.csv, one file per table, series.csv, spans.csv.
        case csv
        /// trace.json.
        case trace
        /// report.html.
        case html
    }

    /// Name and contents of every file the formats call for, in a fixed order.
    public static func files(_ result: RunResult, timing: RunTiming, formats: Set<Format>) -> [(name: String, contents: String)] {
        var files: [(String, String)] = []
        if formats.contains(.json) {
            files.append(("summary.json", JSONWriter.string(SummaryDocument.summary(result))))
            files.append(("timing.json", JSONWriter.string(SummaryDocument.timing(timing, result: result))))
        }
        if formats.contains(.csv) { files += CSVTables.files(result) }
        if formats.contains(.trace) { files.append(("trace.json", TraceDocument.text(result))) }
        if formats.contains(.html) { files.append(("report.html", HTMLReport.html(result))) }
        return files
    }

    /// Writes the files the formats call for into `directory`, all of them or none (`AtomicFiles`), and returns
    /// their names. What `fabricsim run` does with a run, and what a sweep does with each of its runs.
    public static func write(_ result: RunResult, timing: RunTiming, formats: Set<Format>, to directory: URL) throws -> [String] {
        var files = AtomicFiles(directory: directory)
        var written: [String] = []
        do {
            for (name, contents) in Self.files(result, timing: timing, formats: formats) {
                try files.stage(name, contents: contents)
                written.append(name)
            }
            try files.commit()
        } catch {
            files.discard()
            throw error
        }
        return written
    }
}
