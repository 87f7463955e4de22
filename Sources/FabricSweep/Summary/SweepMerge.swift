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
        let named = paths.joined(separator: ", ")
        var shards: [(file: String, summary: SweepSummary, shard: SweepShard)] = []
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw SweepReadError(file: file, "cannot be read")
            }
            let summary = try SweepSummary(json: text, file: file)
            guard let shard = summary.shard else {
                throw SweepReadError(file: file, "is a whole sweep's summary, not a shard; there is nothing to merge")
            }
            shards.append((file, summary, shard))
        }
        guard let first = shards.first else { throw SweepReadError(file: named, "no shard files found") }
        for other in shards.dropFirst() {
            if let difference = other.summary.grid.difference(from: first.summary.grid, there: first.file) {
                throw SweepReadError(
                    file: other.file,
                    "comes from another sweep than \(first.file): \(difference). Shards of one sweep have the same scenario, --set, --vary and --seeds; remove the other sweep's shard files or name only this sweep's"
                )
            }
        }
        // Shard files of two splits: a sweep was run again into the same directory with another N. The newest
        // split is most likely the one wanted; a complete one is the one that can merge now.
        let splits = Dictionary(grouping: shards, by: \.shard.count)
        if splits.count > 1 {
            let counts = splits.keys.sorted()
            func modified(_ file: String) -> Date {
                ((try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date) ?? .distantPast
            }
            let newest = counts.max { a, b in
                splits[a]!.map { modified($0.file) }.max()! < splits[b]!.map { modified($0.file) }.max()!
            }!
            let described = counts.map { count in
                let held = Set(splits[count]!.map(\.shard.index)).count
                var notes = ["\(held) of \(count)"]
                if held == count { notes.append("complete") }
                if count == newest { notes.append("newest") }
                return "--shard I/\(count) (\(notes.joined(separator: ", ")))"
            }
            let folder = URL(fileURLWithPath: splits[newest]!.first!.file).deletingLastPathComponent().path
            let stale = counts.filter { $0 != newest }.map { "\(folder)/shard-*-of-\($0).json" }
            throw SweepReadError(
                file: named,
                "holds shard files of \(counts.count) splits: \(described.joined(separator: " and ")); a merge takes one --shard I/N split, the others are left from an earlier sweep into the same directory: remove their files (rm \(stale.joined(separator: " ")) keeps --shard I/\(newest)) or name the files wanted (fabricsim merge \(folder)/shard-*-of-N.json)"
            )
        }
        let count = first.shard.count
        var owner: [Int: String] = [:]
        var records: [SweepRecord] = []
        for shard in shards {
            if let other = owner[shard.shard.index] {
                throw SweepReadError(
                    file: shard.file, "is shard \(shard.shard) again (also \(other)); name each shard once")
            }
            owner[shard.shard.index] = shard.file
        }
        let missing = (0..<count).filter { owner[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", ..." : "")
            let options = missing.prefix(3).map { "--shard \($0)/\(count)" }.joined(separator: ", ")
            throw SweepReadError(
                file: named,
                "\(missing.count) of the \(count) shards \(missing.count == 1 ? "is" : "are") missing, index\(missing.count == 1 ? "" : "es") \(list) (numbered 0 to \(count - 1)): run \(missing.count == 1 ? "it" : "them") (\(options)\(missing.count > 3 ? ", ..." : ""); with --resume a rerun keeps the runs an earlier attempt finished) or name the directories that hold \(missing.count == 1 ? "it" : "them")"
            )
        }
        let grid = first.summary.grid
        var runOwner: [[UInt64]: String] = [:]
        for shard in shards {
            for record in shard.summary.records {
                let key = [UInt64(record.point), record.seed]
                if let other = runOwner[key] {
                    throw SweepReadError(
                        file: shard.file,
                        "\(grid.points[record.point].directory) seed \(record.seed) appears twice (also in \(other))")
                }
                runOwner[key] = shard.file
                records.append(record)
            }
        }
        guard records.count == grid.points.count * grid.seeds.count else {
            throw SweepReadError(
                file: named,
                "the shards hold \(records.count) runs; the grid has \(grid.points.count * grid.seeds.count) (a shard file was cut short or edited)"
            )
        }
        return SweepSummary(grid: grid, shard: nil, records: records)
    }
}

extension SweepGrid {
    /// What differs between this grid (a shard file's) and `other` (the one in file `there`), named as the option
    /// that sets it, with both values; nil if the grids are equal.
    public func difference(from other: SweepGrid, there otherFile: String) -> String? {
        let here = "in this file"
        let there = "in \(otherFile)"
        if scenario != other.scenario {
            return "the scenario's name differs ('\(scenario)' \(here), '\(other.scenario)' \(there))"
        }
        if sets != other.sets {
            return "the --set options differ (\(Self.list(sets)) \(here), \(Self.list(other.sets)) \(there))"
        }
        if axes.map(\.key) != other.axes.map(\.key) {
            return
                "the --vary keys differ (\(Self.list(axes.map(\.key))) \(here), \(Self.list(other.axes.map(\.key))) \(there))"
        }
        for (a, b) in zip(axes, other.axes) where a.values != b.values {
            return
                "the values of --vary \(a.key) differ (\(a.values.joined(separator: ",")) \(here), \(b.values.joined(separator: ",")) \(there))"
        }
        if seeds != other.seeds {
            return
                "the seeds differ (\(Self.seedText(seeds)) \(here), \(Self.seedText(other.seeds)) \(there); --seeds and --seed set them)"
        }
        return nil
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? "none" : items.joined(separator: " ")
    }

    private static func seedText(_ seeds: [UInt64]) -> String {
        guard let low = seeds.first, let high = seeds.last else { return "none" }
        let consecutive = seeds.count == 1 || UInt64(seeds.count - 1) == high &- low
        return consecutive
            ? "\(seeds.count) seed\(seeds.count == 1 ? "" : "s") from \(low)"
            : seeds.map(String.init).joined(separator: ",")
    }
}
