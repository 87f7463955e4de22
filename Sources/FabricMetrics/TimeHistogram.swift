import FabricKernel
import Histogram

/// A distribution of durations (sojourn times, step times, flow completion times), for percentiles.
///
/// Backed by an HdrHistogram with three significant digits and 1 ns resolution, so that P99 and P99.9 of
/// millions of samples cost a few hundred kilobytes and a bounded relative error of 0.1 %.
public struct TimeHistogram: Sendable {
    private var histogram: Histogram<UInt64>
    /// Exact sum and extremes, kept beside the histogram so the mean and max are not quantised.
    public private(set) var count: Int64 = 0
    private var sumPicoseconds: Int128 = 0
    public private(set) var minimum: SimTime = .max
    public private(set) var maximum: SimTime = .zero

    public init() {
        histogram = Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: 1 << 20, numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
    }

    public mutating func record(_ value: SimTime) {
        precondition(value.rawValue >= 0, "a negative duration")
        // Nanoseconds, rounded: the histogram's resolution.
        _ = histogram.record(UInt64((value.rawValue + 500) / 1_000))
        count += 1
        sumPicoseconds += Int128(value.rawValue)
        if value < minimum { minimum = value }
        if value > maximum { maximum = value }
    }

    public var mean: SimTime? {
        count == 0 ? nil : SimTime(rawValue: Int64((sumPicoseconds + Int128(count) / 2) / Int128(count)))
    }

    /// The value at percentile `p` (0–100), to 0.1 % relative precision; the exact maximum at 100.
    public func percentile(_ p: Double) -> SimTime? {
        guard count > 0 else { return nil }
        if p >= 100 { return maximum }
        return SimTime(rawValue: Int64(histogram.valueAtPercentile(p)) * 1_000)
    }
}
