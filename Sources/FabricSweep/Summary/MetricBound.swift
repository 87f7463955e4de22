import FabricMetrics

/// The range a headline figure can take, so that a confidence interval never reaches values the figure cannot
/// have: a count of pause frames is never negative, a fraction never above 1.
///
/// The t interval assumes a normal mean; over few seeds of a skewed count (most seeds 0 pause frames, one 800)
/// its low end falls below zero. The interval's ends are clamped to the bound (the figure's mean always lies
/// inside it); its half width is the unclamped t · s / √n, the spread the seeds showed. Clamping keeps the
/// coverage of the interval (the true mean lies inside the bound, so no covered value is cut off) while saying
/// nothing impossible. Which figures are bounded is read from the naming rules of docs/results-format.md.
public struct MetricBound: Sendable, Equatable {
    public var lower: Double?
    public var upper: Double?

    public static let unbounded = MetricBound(lower: nil, upper: nil)
    public static let nonNegative = MetricBound(lower: 0, upper: nil)
    public static let fraction = MetricBound(lower: 0, upper: 1)

    /// `values`: the figure in every run of the sweep. Fractions (`…_fraction`, `utilisation`) lie in [0, 1];
    /// whole-number figures (counts: `pause_frames`, `packets_dropped`) and quantities named by a unit — durations
    /// (`_ns`, `_us`, `_ms`, `_s`, `_h`), sizes (`_bytes`), rates (`_gbps`, `_per_s`) — and slowdowns are never
    /// negative; anything else is unbounded.
    public init(metric name: String, values: [ResultValue]) {
        if name.hasSuffix("_fraction") || name.contains("utilisation") || name.contains("utilization") {
            self = .fraction
            return
        }
        let units = ["_ns", "_us", "_ms", "_s", "_h", "_bytes", "_gbps", "_per_s"]
        let counts =
            !values.isEmpty && values.allSatisfy { if case .int = $0 { true } else { $0 == .null } }
            && values.contains { $0 != .null }
        self = counts || units.contains(where: name.hasSuffix) || name.contains("slowdown") ? .nonNegative : .unbounded
    }

    public init(lower: Double?, upper: Double?) {
        self.lower = lower
        self.upper = upper
    }

    /// `value` moved inside the bound.
    public func clamp(_ value: Double) -> Double {
        min(max(value, lower ?? -.infinity), upper ?? .infinity)
    }
}
