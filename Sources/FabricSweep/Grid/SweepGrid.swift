/// What identifies a sweep whichever machine runs which part of it: the scenario, its `--set`s, the axes and
/// the seeds. Shards of one sweep have equal grids; `merge` refuses to join shards whose grids differ.
public struct SweepGrid: Sendable, Equatable {
    public var scenario: String
    public var sets: [String]
    public var axes: [SweepAxis]
    public var seeds: [UInt64]
    /// Every point, in grid order.
    public let points: [SweepPoint]

    public init(scenario: String, sets: [String], axes: [SweepAxis], seeds: [UInt64]) {
        self.scenario = scenario
        self.sets = sets
        self.axes = axes
        self.seeds = seeds
        let count = axes.reduce(1) { $0 * $1.values.count }
        points = (0..<count).map { index in
            var rest = index
            var valueIndices = [Int](repeating: 0, count: axes.count)
            for a in axes.indices.reversed() {
                valueIndices[a] = rest % axes[a].values.count
                rest /= axes[a].values.count
            }
            return SweepPoint(index: index, valueIndices: valueIndices, axes: axes)
        }
    }

    public static func == (a: SweepGrid, b: SweepGrid) -> Bool {
        a.scenario == b.scenario && a.sets == b.sets && a.seeds == b.seeds
            && a.axes.map(\.key) == b.axes.map(\.key) && a.axes.map(\.values) == b.axes.map(\.values)
    }
}
