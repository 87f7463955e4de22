import FabricKernel
import FabricMetrics
import Foundation

/// The results as CSV files, derived from the shape of the result tree rather than from any one model, so that
/// a model's new figures appear without changes here:
///
/// - `metrics.csv`: every scalar of `metrics` (nested groups as `group.key`), one per row: `metric,value`.
/// - `<key>.csv`: every array of objects in `metrics` is a table (`ports.csv`, `stations.csv`, `steps.csv`);
///   its columns are the rows' keys in first-seen order.
/// - `series.csv`: the time series, one column each (`name[subject]`), one row per sample time.
/// - `spans.csv`: the timeline's spans (flows, compute phases).
///
/// RFC 4180 quoting, `\n` line ends, numbers as in summary.json, an undefined figure as an empty cell.
public enum CSVTables {
    public static func files(_ result: RunResult) -> [(name: String, contents: String)] {
        var scalars: [[String]] = [["metric", "value"]]
        var tables: [(name: String, rows: [ResultObject])] = []
        collect(result.metrics, prefix: "", scalars: &scalars, tables: &tables)

        var files: [(String, String)] = [("metrics.csv", text(scalars))]
        var used: Set<String> = ["metrics", "series", "spans"]
        for table in tables {
            var name = table.name
            while !used.insert(name).inserted { name = "table_" + name }
            files.append(("\(name).csv", text(tableRows(table.rows))))
        }
        if !result.series.isEmpty { files.append(("series.csv", seriesText(result.series))) }
        if !result.timeline.isEmpty { files.append(("spans.csv", spansText(result.timeline))) }
        return files
    }

    /// Walks an object: scalars and lists of scalars go to the metrics table, arrays of objects become tables,
    /// nested objects are walked with their key as prefix.
    static func collect(
        _ object: ResultObject, prefix: String, scalars: inout [[String]],
        tables: inout [(name: String, rows: [ResultObject])]
    ) {
        for (key, value) in object.entries {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .object(let nested):
                collect(nested, prefix: path, scalars: &scalars, tables: &tables)
            case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.objectValue != nil }):
                tables.append((path, items.compactMap(\.objectValue)))
            case .array(let items):
                for (i, item) in items.enumerated() { scalars.append(["\(path)[\(i)]", cell(item)]) }
            default:
                scalars.append([path, cell(value)])
            }
        }
    }

    static func tableRows(_ rows: [ResultObject]) -> [[String]] {
        var columns: [String] = []
        var seen: Set<String> = []
        for row in rows {
            for key in row.entries.map(\.key) where seen.insert(key).inserted { columns.append(key) }
        }
        return [columns] + rows.map { row in columns.map { row[$0].map(cell) ?? "" } }
    }

    static func seriesText(_ set: TimeSeriesSet) -> String {
        var rows: [[String]] = [["time_s"] + set.series.map(\.descriptor.label)]
        for i in 0..<set.pointCount {
            rows.append([number(set.time(ofPoint: i).seconds)] + set.series.map { number($0.values[i]) })
        }
        return text(rows)
    }

    static func spansText(_ timeline: Timeline) -> String {
        var rows: [[String]] = [["group", "track", "category", "name", "start_s", "end_s", "duration_s", "finished"]]
        for span in timeline.spans {
            rows.append([
                span.group, span.track, span.category, span.name, number(span.start.seconds), number(span.end.seconds),
                number(span.duration.seconds), span.finished ? "true" : "false",
            ])
        }
        return text(rows)
    }

    /// A scalar as a cell: numbers as in JSON, text as is, null and non-finite numbers empty; a nested value as
    /// compact JSON.
    package static func cell(_ value: ResultValue) -> String {
        switch value {
        case .int(let i): String(i)
        case .double(let d): number(d)
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .null: ""
        case .array, .object: JSONWriter.compact(value)
        }
    }

    package static func number(_ d: Double) -> String { d.isFinite ? String(d) : "" }

    package static func text(_ rows: [[String]]) -> String {
        var out = ""
        for row in rows {
            out += row.map(quoted).joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// Quotes a cell that holds a comma, a quote, a line break or edge spaces, doubling its quotes.
    static func quoted(_ cell: String) -> String {
        let needs =
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || cell.hasPrefix(" ") || cell.hasSuffix(" ")
        return needs ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }
}

extension ResultValue {
    /// The object, if this value is one.
    public var objectValue: ResultObject? {
        if case .object(let object) = self { return object }
        return nil
    }
}
