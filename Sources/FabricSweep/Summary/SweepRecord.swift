import FabricMetrics

/// What a sweep keeps of one run: whether its checks passed and its headline figures — the numeric scalars at
/// the top of its `metrics` (the figures the terminal summary leads with; tables, groups, text and `theory_`
/// values are left in the run's own files).
public struct SweepRecord: Sendable, Equatable {
    public var point: Int
    public var seed: UInt64
    public var checksPassed: Bool
    /// Numbers (or null where the run could not define one), in the run's order.
    public var values: ResultObject

    public init(point: Int, seed: UInt64, checksPassed: Bool, values: ResultObject) {
        self.point = point
        self.seed = seed
        self.checksPassed = checksPassed
        self.values = values
    }

    public init(point: Int, seed: UInt64, result: RunResult) {
        self.init(point: point, seed: seed, checksPassed: result.allChecksPassed, values: Self.headline(result.metrics))
    }

    /// The headline figures of a run's metrics. A figure that is not finite is null, as summary.json writes it,
    /// so a record read back from a run's summary.json (`--resume`) equals the one made from the run itself.
    static func headline(_ metrics: ResultObject) -> ResultObject {
        var values = ResultObject()
        for (key, value) in metrics.entries where !key.hasPrefix("theory_") {
            switch value {
            case .double(let d) where !d.isFinite: values[key] = .null
            case .int, .double, .null: values[key] = value
            default: continue
            }
        }
        return values
    }
}
