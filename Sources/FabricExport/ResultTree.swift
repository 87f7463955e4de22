import Foundation

/// The rule for what a results directory may replace (docs/cli.md, "The results directory"): nothing that is not
/// this tool's. A directory qualifies when it is empty, or when it holds nothing but what FabricSim writes — its
/// result files, CSV tables, a sweep's point and seed folders and shard files, its own temporaries — and at least
/// one file that FabricSim wrote says so (a JSON file naming `fabricsim`, a report naming `FabricSim`, a
/// metrics.csv of its layout). `--out .` in a project, `--out ~` or a folder of one's own data are refused
/// rather than swept away.
public enum ResultTree {
    /// What a directory is, for the rule.
    public enum Verdict: Equatable, Sendable {
        case empty
        /// A FabricSim results directory (a run's, a sweep's, a crosscheck's).
        case results
        /// Not one: the reason names the first entry that is not this tool's.
        case foreign(String)
    }

    /// The files a run, a crosscheck or a sweep writes by name; besides these, `*.csv` tables and shard files.
    static let fileNames: Set<String> = [
        "summary.json", "timing.json", "trace.json", "report.html", "crosscheck.json", "crosscheck.csv",
        "sweep.json", "sweep.csv", "sweep.html",
    ]

    /// Folders below the results directory: a sweep's `point/seed-S/` (and `shards/`) is two levels.
    static let folderDepth = 2

    public static func verdict(_ directory: URL) -> Verdict {
        var identified = false
        var anything = false
        if let foreign = walk(directory, path: "", depth: folderDepth, identified: &identified, anything: &anything) {
            return .foreign(foreign)
        }
        if !anything { return .empty }
        return identified
            ? .results
            : .foreign(
                "it holds no file that FabricSim wrote (no summary.json, sweep.json, crosscheck.json or report of this tool)"
            )
    }

    private static func walk(_ directory: URL, path: String, depth: Int, identified: inout Bool, anything: inout Bool)
        -> String?
    {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            return "'\(path.isEmpty ? "." : path)' cannot be read"
        }
        for name in names.sorted() {
            if TemporaryName(parsing: name) != nil { continue }
            anything = true
            let url = directory.appendingPathComponent(name)
            let relative = path.isEmpty ? name : "\(path)/\(name)"
            var status = stat()
            guard lstat(url.path, &status) == 0 else { return "'\(relative)' cannot be read" }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                guard depth > 0 else { return "it holds the folder '\(relative)', deeper than FabricSim's folders go" }
                if let foreign = walk(
                    url, path: relative, depth: depth - 1, identified: &identified, anything: &anything)
                {
                    return foreign
                }
            case S_IFREG:
                guard isResultFileName(name) else { return "it holds '\(relative)', which FabricSim does not write" }
                if !identified, namesThisTool(url) { identified = true }
            default:
                return "it holds '\(relative)', which is not a plain file or folder"
            }
        }
        return nil
    }

    public static func isResultFileName(_ name: String) -> Bool {
        fileNames.contains(name) || name.hasSuffix(".csv") || (name.hasPrefix("shard-") && name.hasSuffix(".json"))
    }

    /// True when the file's first or last 4 KiB say FabricSim wrote it: every JSON document of this tool has a
    /// `fabricsim` schema or version key (trace.json at its end), every report a `FabricSim` generator.
    static func namesThisTool(_ url: URL) -> Bool {
        let name = url.lastPathComponent
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let window = 4096
        let head = (try? handle.read(upToCount: window)) ?? Data()
        if name == "metrics.csv" { return head.starts(with: Data("metric,value\n".utf8)) }
        if name.hasSuffix(".html") { return String(decoding: head, as: UTF8.self).contains("FabricSim") }
        guard name.hasSuffix(".json") else { return false }
        if String(decoding: head, as: UTF8.self).contains("\"fabricsim") { return true }
        guard let size = try? handle.seekToEnd(), size > UInt64(window) else { return false }
        try? handle.seek(toOffset: size - UInt64(window))
        let tail = (try? handle.readToEnd()) ?? Data()
        return String(decoding: tail, as: UTF8.self).contains("\"fabricsim")
    }
}
