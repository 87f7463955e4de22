import FabricKernel

/// How a run samples its series (`output.sample_interval`, `output.series_points`, `output.series_memory`): the
/// first interval, and the points and memory the series may use. A network scenario samples its whole run so; a
/// training job samples each step's episode so and keeps the slowest step's (docs/results-format.md).
public struct SeriesSampling: Sendable, Equatable {
    /// The first sampling interval (> 0); it doubles each time the series fill up.
    public var interval: SimTime
    /// The most points a series keeps.
    public var maximumPoints: Int
    /// Bytes all points together may use (8 per point).
    public var memoryBudget: Int64

    public init(interval: SimTime, maximumPoints: Int, memoryBudget: Int64) {
        self.interval = interval
        self.maximumPoints = maximumPoints
        self.memoryBudget = memoryBudget
    }
}
