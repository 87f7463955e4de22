import FabricKernel
import FabricMetrics

/// Completion times of finished flows and their slowdown over the ideal (the same flow alone on an idle
/// fabric), overall and per size bucket: the flow figures both fidelities report, computed one way.
public struct FlowCompletions: Sendable {
    /// Flow sizes at which completion times are reported separately: short flows suffer queueing, long ones
    /// bandwidth sharing, and one average hides both.
    public static let sizeBuckets: [(label: String, upTo: Int64)] = [
        ("<10KB", 10_000), ("10KB-100KB", 100_000), ("100KB-1MB", 1_000_000), ("1MB-10MB", 10_000_000),
        (">=10MB", .max),
    ]

    var completion = TimeHistogram()
    var minimumThroughput = Double.infinity
    var times = Array(repeating: TimeHistogram(), count: sizeBuckets.count)
    /// Every slowdown, by size bucket: exact percentiles need every value, so this is what grows with the flows
    /// counted (8 bytes each); the overall ones are the buckets' together, merged when written.
    var slowdowns = Array(repeating: [Double](), count: sizeBuckets.count)

    public init() {}

    /// A flow of `size` payload bytes that took `time`; `ideal` is `.max` or zero when unknown.
    public mutating func add(size: Int64, time: SimTime, ideal: SimTime) {
        completion.record(time)
        let bucket = Self.sizeBuckets.firstIndex { size < $0.upTo } ?? Self.sizeBuckets.count - 1
        times[bucket].record(time)
        if ideal > .zero, ideal != .max {
            slowdowns[bucket].append(Double(time.rawValue) / Double(ideal.rawValue))
        }
        minimumThroughput = min(minimumThroughput, Double(size) * 8 / time.seconds)
    }

    /// `fct_samples`, `fct_p50_us`, `fct_p99_us`, `fct_max_us`, `slowdown_samples`, `slowdown_p50`, `slowdown_p99`,
    /// `min_flow_throughput_gbps`.
    public func write(into metrics: inout ResultObject) {
        // Merged and sorted in one buffer: the report's only copy of every slowdown.
        var sorted = [Double]()
        sorted.reserveCapacity(slowdowns.reduce(0) { $0 + $1.count })
        for bucket in slowdowns { sorted.append(contentsOf: bucket) }
        sorted.sort()
        metrics["fct_samples"] = .int(completion.count)
        metrics["fct_p50_us"] = completion.percentile(50).map { .double($0.seconds * 1e6) } ?? .null
        metrics["fct_p99_us"] = completion.percentile(99).map { .double($0.seconds * 1e6) } ?? .null
        metrics["fct_max_us"] = completion.count > 0 ? .double(completion.maximum.seconds * 1e6) : .null
        metrics["slowdown_samples"] = .integer(sorted.count)
        metrics["slowdown_p50"] = Self.median(sorted)
        metrics["slowdown_p99"] = Self.p99(sorted)
        metrics["min_flow_throughput_gbps"] = minimumThroughput.isFinite ? .double(minimumThroughput / 1e9) : .null
    }

    /// Completion time and slowdown, P50 and P99, per size bucket that has flows.
    public func bySize() -> [ResultValue] {
        Self.sizeBuckets.indices.compactMap { b -> ResultValue? in
            guard times[b].count > 0 else { return nil }
            let sorted = slowdowns[b].sorted()
            var row = ResultObject()
            row["size"] = .string(Self.sizeBuckets[b].label)
            row["flows"] = .int(times[b].count)
            row["fct_p50_us"] = times[b].percentile(50).map { .double($0.seconds * 1e6) } ?? .null
            row["fct_p99_us"] = times[b].percentile(99).map { .double($0.seconds * 1e6) } ?? .null
            row["slowdown_p50"] = Self.median(sorted)
            row["slowdown_p99"] = Self.p99(sorted)
            return .object(row)
        }
    }

    static func median(_ sorted: [Double]) -> ResultValue { sorted.isEmpty ? .null : .double(sorted[sorted.count / 2]) }
    static func p99(_ sorted: [Double]) -> ResultValue {
        sorted.isEmpty ? .null : .double(sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }
}
