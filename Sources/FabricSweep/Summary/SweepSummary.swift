import FabricMetrics

/// A sweep's results, point by point: for each headline figure, its mean over the seeds and the 95 % confidence
/// interval. Built from the runs' records alone, so a sweep run in one process and the same sweep run in shards
/// and merged give the same summary, bit for bit.
public struct SweepSummary: Sendable, Equatable {
    public var grid: SweepGrid
    /// Which shard this summary covers; nil when it covers the whole grid.
    public var shard: SweepShard?
    /// In grid order, seeds in order within a point.
    public var records: [SweepRecord]

    /// One line of the summary.
    public struct Row: Sendable, Equatable {
        public var point: SweepPoint
        public var seeds: Int
        public var checksPassed: Bool
        /// Per figure of `metrics`, in that order.
        public var figures: [MeanInterval]
    }

    public init(grid: SweepGrid, shard: SweepShard?, records: [SweepRecord]) {
        self.grid = grid
        self.shard = shard
        self.records = records.sorted { ($0.point, $0.seed) < ($1.point, $1.seed) }
    }

    /// The headline figures of any run, in the order they first appear.
    public var metrics: [String] {
        var names: [String] = []
        var seen = Set<String>()
        for record in records {
            for (key, _) in record.values.entries where seen.insert(key).inserted { names.append(key) }
        }
        return names
    }

    /// The range each figure of `metrics` can take, read from its name and its values in every run (the same
    /// for every point, so a merged sweep gets the same bounds as one run in a process).
    public var bounds: [MetricBound] {
        metrics.map { name in MetricBound(metric: name, values: records.compactMap { $0.values[name] }) }
    }

    public var rows: [Row] {
        let metrics = metrics
        let bounds = bounds
        var rows: [Row] = []
        var start = records.startIndex
        while start < records.endIndex {
            let point = records[start].point
            var end = start
            while end < records.endIndex, records[end].point == point { end += 1 }
            let group = records[start..<end]
            rows.append(
                Row(
                    point: grid.points[point], seeds: group.count, checksPassed: group.allSatisfy(\.checksPassed),
                    figures: zip(metrics, bounds).map { name, bound in
                        MeanInterval(group.compactMap { $0.values[name]?.doubleValue }, bound: bound)
                    }))
            start = end
        }
        return rows
    }

    /// Whether every run's checks passed.
    public var allChecksPassed: Bool { records.allSatisfy(\.checksPassed) }
}
