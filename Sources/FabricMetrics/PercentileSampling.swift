/// Whether a percentile says more than the maximum of its samples.
///
/// A P_q over n samples, by nearest rank, is the sample of rank ⌈q·n⌉; it is the largest sample exactly when
/// q·n > n − 1, that is when n·(1 − q) < 1. So a P99 needs at least 100 samples and a P99.9 at least 1,000 to be
/// anything but the maximum: the P99 of 30 steps *is* their slowest step. The rule marks those figures rather
/// than hide them (the maximum is still a true figure), beside the figure in the terminal, the report and
/// summary.json (docs/results-format.md). It is the weakest rule that tells a percentile from a maximum; with
/// n·(1 − q) = 1 the percentile rests on one sample above it, so it is a noisy estimate, not a wrong one.
///
/// A model says how many samples a family of percentiles is over with a `<stem>_samples` figure beside them:
/// `stall_p99_ms` and `stall_p50_ms` are over `stall_samples`.
public enum PercentileSampling {
    /// A percentile figure of a result, the samples it is over, and whether it is more than their maximum.
    public struct Figure: Sendable, Equatable {
        /// Its path in the metrics (`stall_p99_ms`, `group.fct_p99_us`).
        public var metric: String
        /// 99, 99.9, 50.
        public var percentile: Double
        public var samples: Int64
        public var resolved: Bool { PercentileSampling.resolves(percentile, samples: samples) }
        /// "P99 of 30 samples = the maximum" when not resolved.
        public var note: String? {
            resolved
                ? nil
                : "P\(PercentileSampling.label(percentile)) of \(samples) sample\(samples == 1 ? "" : "s") = the maximum"
        }
    }

    /// n·(1 − q) ≥ 1 (q as a fraction): the percentile is not the maximum.
    public static func resolves(_ percentile: Double, samples: Int64) -> Bool {
        // Computed in thousandths of a percent, so that P99.9 of 1,000 is exactly resolved.
        let above = Int64(((100 - percentile) * 1_000).rounded())
        return samples * above >= 100_000
    }

    /// The percentile a metric's name states — `_p99_` is 99, `_p99_9_` is 99.9, `_p50` is 50 — and the key of
    /// its sample count (`stall_p99_9_ms` → `stall_samples`); nil for a name with no percentile.
    public static func parse(_ name: String) -> (percentile: Double, samplesKey: String)? {
        let parts = name.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard
            let i = parts.firstIndex(where: { $0.count > 1 && $0.first == "p" && $0.dropFirst().allSatisfy(\.isNumber) }
            ),
            i > 0, let whole = Double(parts[i].dropFirst())
        else { return nil }
        var percentile = whole
        if i + 1 < parts.count, !parts[i + 1].isEmpty, parts[i + 1].allSatisfy(\.isNumber),
            let fraction = Double("0." + parts[i + 1])
        {
            percentile += fraction
        }
        guard percentile > 0, percentile < 100 else { return nil }
        return (percentile, parts[..<i].joined(separator: "_") + "_samples")
    }

    /// Every percentile figure of `metrics` (groups included) with a sample count beside it, in order.
    public static func figures(in metrics: ResultObject, prefix: String = "") -> [Figure] {
        var out: [Figure] = []
        for (key, value) in metrics.entries where !key.hasPrefix("theory_") {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if case .object(let group) = value {
                out += figures(in: group, prefix: path)
                continue
            }
            guard value.doubleValue != nil, let (percentile, samplesKey) = parse(key),
                case .int(let samples)? = metrics[samplesKey]
            else { continue }
            out.append(Figure(metric: path, percentile: percentile, samples: samples))
        }
        return out
    }

    /// `99`, `99.9`, `50`.
    static func label(_ percentile: Double) -> String {
        percentile == percentile.rounded() ? String(Int(percentile)) : String(format: "%g", percentile)
    }
}
