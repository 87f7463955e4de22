import FabricExport
import Foundation

/// A sweep's directory holds one sweep (docs/cli.md, "The results directory"). A run swaps its whole directory
/// in; a sweep cannot, since its shards share the directory and `--resume` keeps the runs already there, so it
/// keeps the rule in two steps instead:
/// - a sweep that starts afresh (whole, not resumed) removes the previous sweep's summary first, so that an
///   interruption leaves complete run folders and no summary rather than an old summary over new runs;
/// - a whole sweep or a merge, once its summary is written, removes what is not its own: point folders off its
///   grid, seed folders of other seeds, another run's files, and (for a sweep run whole) a `shards/` folder.
/// Only what this tool writes is removed; the directory was checked to be this tool's before the sweep began.
public enum SweepDirectory {
    public static let summaryFiles = ["sweep.json", "sweep.csv", "sweep.html"]

    /// Removes the previous sweep's summary files.
    public static func removeSummary(in directory: URL) {
        for name in summaryFiles { try? FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
    }

    /// Removes from `directory` everything that is not `grid`'s: kept are the summary files, the grid's point
    /// folders holding its seeds' folders, the shard files when `keepShards`, and other processes' temporaries.
    public static func removeForeign(in directory: URL, grid: SweepGrid, keepShards: Bool) {
        let points = Set(grid.points.map(\.directory))
        let seeds = Set(grid.seeds.map { "seed-\($0)" })
        for name in entries(directory)
        where !summaryFiles.contains(name) && !(keepShards && name == SweepFiles.shardFolder) {
            let url = directory.appendingPathComponent(name)
            if points.contains(name) {
                for seed in entries(url) where !seeds.contains(seed) { remove(url.appendingPathComponent(seed)) }
            } else {
                remove(url)
            }
        }
    }

    /// The shard files in `directory/shards/` of a split other than `shard`'s (an earlier sweep into the same
    /// directory with another N), which `merge` would refuse to mix with this one's.
    public static func otherSplits(in directory: URL, than shard: SweepShard) -> [String] {
        entries(directory.appendingPathComponent(SweepFiles.shardFolder)).filter {
            $0.hasPrefix("shard-") && $0.hasSuffix(".json") && !$0.hasSuffix("-of-\(shard.count).json")
        }
    }

    /// The entries of a folder, temporaries left out (a live writer's are not ours to touch; StaleTemporaries
    /// cleans the dead ones).
    static func entries(_ url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter {
            TemporaryName(parsing: $0) == nil
        }.sorted()
    }

    /// Removes a result file or a folder of results; anything else is left where it is.
    static func remove(_ url: URL) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue ? !isForeign(url) : ResultTree.isResultFileName(url.lastPathComponent) {
            try? FileManager.default.removeItem(at: url)
        }
    }

    static func isForeign(_ url: URL) -> Bool {
        if case .foreign = ResultTree.verdict(url) { return true }
        return false
    }
}
