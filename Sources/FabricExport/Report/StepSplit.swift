import FabricMetrics

/// A step's time split into the parts docs/workload.md defines, read from a row of a `slowest_steps` table: what
/// the report's bar of a step draws.
///
/// With `forward_backward_ms`, `stall_ms` and `optimizer_ms` (the training job's rows): the slowest rank's
/// forward + backward, then the stall (step time − compute-only step time), then the longest optimizer — the
/// first and the last make the compute-only step time, so the three add up to `step_ms`. With only
/// `compute_only_ms`: the compute-only step time, then the rest of the step as its stall.
struct StepSplit {
    enum Part: String, CaseIterable {
        case forwardBackward = "forward + backward (slowest rank)"
        case computeOnly = "compute-only step time"
        case stall = "stall: waiting on communication (step − compute-only)"
        case optimizer = "optimizer (longest)"

        /// Compute in the first colour, the stall in the second, the optimizer in the third, in every report.
        var colour: String {
            switch self {
            case .forwardBackward, .computeOnly: SVGChart.palette[0]
            case .stall: SVGChart.palette[1]
            case .optimizer: SVGChart.palette[2]
            }
        }
    }

    var step: Double
    var parts: [(part: Part, ms: Double)]

    /// Nil for a row without `step_ms` or without the columns of either split.
    init?(_ row: ResultObject) {
        guard let step = row["step_ms"]?.doubleValue else { return nil }
        self.step = step
        if let forwardBackward = row["forward_backward_ms"]?.doubleValue, let stall = row["stall_ms"]?.doubleValue,
            let optimizer = row["optimizer_ms"]?.doubleValue
        {
            parts = [(.forwardBackward, forwardBackward), (.stall, stall), (.optimizer, optimizer)]
        } else if let computeOnly = row["compute_only_ms"]?.doubleValue {
            parts = [
                (.computeOnly, min(computeOnly, step)),
                (.stall, row["stall_ms"]?.doubleValue ?? max(0, step - computeOnly)),
            ]
        } else {
            return nil
        }
    }

    /// The drawn length of `part`, or nil when the split has no such part.
    func ms(_ part: Part) -> Double? { parts.first { $0.part == part }?.ms }
}
