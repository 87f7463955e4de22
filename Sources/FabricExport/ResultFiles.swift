import FabricMetrics
import Foundation

/// The set of result files of one run, by format. Every file is a pure
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
    public static func files(_ result: RunResult, timing: RunTiming, formats: Set<Format>) -> [(
        name: String, contents: String
    )] {
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

    /// Writes the files the formats call for as the whole of `directory` (`ResultDirectory`: built beside it and
    /// swapped in, so no file of an earlier run stays beside them) and returns their names. What `fabricsim run`
    /// does with a run, and what a sweep does with each of its runs.
    public static func write(
        _ result: RunResult, timing: RunTiming, formats: Set<Format>, to directory: inout ResultDirectory
    ) throws -> [String] {
        try write(Self.files(result, timing: timing, formats: formats), to: &directory)
    }

    /// Writes named files as the whole of `directory`, all of them or none, and returns their names.
    public static func write(_ files: [(name: String, contents: String)], to directory: inout ResultDirectory) throws
        -> [String]
    {
        do {
            let building = try directory.begin()
            for (name, contents) in files {
                try Data(contents.utf8).write(to: building.appendingPathComponent(name))
            }
            try directory.commit()
        } catch {
            directory.discard()
            throw error
        }
        return files.map(\.name)
    }
}
