import Foundation

/// `fabricsim merge`: the shards of one sweep joined into its summary. The shards must come from the same grid
/// (scenario, `--set`s, axes, seeds) and together hold every point once; the summary is then recomputed from the
/// runs' records exactly as a sweep run in one piece computes it, so the files are the same, byte for byte.
public enum SweepMerge {
    /// Reads the shard files a path names: a shard file itself, or a directory holding `shards/shard-*.json`
    /// (or `shard-*.json` directly).
    public static func shardFiles(at path: String) throws(SweepReadError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SweepReadError(
                file: path, "no such file or directory; expected a sweep's output directory or a shard file")
        }
        guard isDirectory.boolValue else { return [path] }
        let base = URL(fileURLWithPath: path)
        for folder in [base.appendingPathComponent(SweepFiles.shardFolder), base] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            let shards = names.filter { $0.hasPrefix("shard-") && $0.hasSuffix(".json") }.sorted()
            if !shards.isEmpty { return shards.map { folder.appendingPathComponent($0).path } }
        }
        throw SweepReadError(
            file: path, "holds no shard files (shards/shard-I-of-N.json); run fabricsim sweep --shard I/N --out \(path)"
        )
    }

    /// Joins the shards found under `paths`.
    public static func merge(_ paths: [String]) throws(SweepReadError) -> SweepSummary {
        var files: [String] = []
        for path in paths { files += try shardFiles(at: path) }
        var first: (file: String, summary: SweepSummary)?
        var owner: [Int: String] = [:]
        var records: [SweepRecord] = []
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw SweepReadError(file: file, "cannot be read")
            }
            let summary = try SweepSummary(json: text, file: file)
            guard let shard = summary.shard else {
                throw SweepReadError(file: file, "is a whole sweep's summary, not a shard; there is nothing to merge")
            }
            if let first {
                guard summary.grid == first.summary.grid else {
                    throw SweepReadError(
                        file: file,
                        "comes from another sweep than \(first.file): the scenario, --set, --vary or seeds differ")
                }
                guard shard.count == first.summary.shard!.count else {
                    throw SweepReadError(
                        file: file,
                        "is shard \(shard) but \(first.file) is shard \(first.summary.shard!): all shards must be of one --shard I/N split"
                    )
                }
            } else {
                first = (file, summary)
            }
            if let other = owner[shard.index] {
                throw SweepReadError(file: file, "is shard \(shard) again (also \(other)); name each shard once")
            }
            owner[shard.index] = file
            records += summary.records
        }
        guard let first, let count = first.summary.shard?.count else {
            throw SweepReadError(file: paths.joined(separator: ", "), "no shard files found")
        }
        let missing = (0..<count).filter { owner[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", ..." : "")
            throw SweepReadError(
                file: paths.joined(separator: ", "),
                "shards \(list) of \(count) are missing: run them (--shard I/\(count)) or name the directories that hold them"
            )
        }
        let grid = first.summary.grid
        var seen = Set<[UInt64]>()
        for record in records {
            guard seen.insert([UInt64(record.point), record.seed]).inserted else {
                throw SweepReadError(
                    file: owner[record.point % count]!, "point \(record.point) seed \(record.seed) appears twice")
            }
        }
        guard records.count == grid.points.count * grid.seeds.count else {
            throw SweepReadError(
                file: paths.joined(separator: ", "),
                "the shards hold \(records.count) runs; the grid has \(grid.points.count * grid.seeds.count)")
        }
        return SweepSummary(grid: grid, shard: nil, records: records)
    }
}
