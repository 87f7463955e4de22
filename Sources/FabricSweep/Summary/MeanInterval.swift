/// The mean of a figure over a point's seeds and its 95 % confidence interval, mean ± t(0.975, n − 1) · s / √n
/// (s: the sample standard deviation). With one seed, or a figure some seeds did not define, the interval is
/// over the seeds that did, and undefined below two. The interval's ends respect the figure's bound
/// (`MetricBound`): a count's low end is never below zero.
public struct MeanInterval: Sendable, Equatable {
    /// Seeds that defined the figure.
    public var count: Int
    public var mean: Double?
    /// Half the interval's width, t · s / √n (before the ends are clamped to the bound); nil below two values.
    public var halfWidth: Double?
    /// The values the figure can take: `low` and `high` stay inside.
    public var bound: MetricBound

    /// The two-sided confidence level.
    public static let level = 0.95

    public init(_ values: [Double], bound: MetricBound = .unbounded) {
        count = values.count
        self.bound = bound
        guard !values.isEmpty else { return }
        // Summed in the seeds' order, so the same values always give the same bits.
        let mean = values.reduce(0, +) / Double(values.count)
        self.mean = mean
        guard values.count >= 2 else { return }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        let t = StudentT.quantile(1 - (1 - Self.level) / 2, degrees: Double(values.count - 1))
        halfWidth = t * (variance / Double(values.count)).squareRoot()
    }

    public var low: Double? { mean.flatMap { m in halfWidth.map { bound.clamp(m - $0) } } }
    public var high: Double? { mean.flatMap { m in halfWidth.map { bound.clamp(m + $0) } } }
}
