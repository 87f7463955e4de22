import FabricExport
import Foundation

/// Where a sweep's summary goes: a whole sweep (or a merge) writes `sweep.json`, `sweep.csv` and `sweep.html`;
/// shard i of n writes `shards/shard-i-of-n.json`, which `merge` reads. Shards can share one output directory
/// (a cluster's shared file system): their point folders and shard files never collide.
public enum SweepFiles {
    public static let shardFolder = "shards"

    public static func shardFile(_ shard: SweepShard) -> String { "shard-\(shard.index)-of-\(shard.count).json" }

    /// Writes the summary's files together (`AtomicFiles`: all complete or none) and returns their paths relative
    /// to `directory`.
    @discardableResult
    public static func write(_ summary: SweepSummary, to directory: URL) throws -> [String] {
        if let shard = summary.shard {
            var files = AtomicFiles(directory: directory.appendingPathComponent(shardFolder))
            try stageAndCommit(&files, [(shardFile(shard), JSONWriter.string(summary.document))])
            return ["\(shardFolder)/\(shardFile(shard))"]
        }
        var files = AtomicFiles(directory: directory)
        let contents = [
            ("sweep.json", JSONWriter.string(summary.document)), ("sweep.csv", summary.csv),
            ("sweep.html", SweepPage.html(summary)),
        ]
        try stageAndCommit(&files, contents)
        return contents.map(\.0)
    }

    private static func stageAndCommit(_ files: inout AtomicFiles, _ contents: [(String, String)]) throws {
        do {
            for (name, text) in contents { try files.stage(name, contents: text) }
            try files.commit()
        } catch {
            files.discard()
            throw error
        }
    }
}
