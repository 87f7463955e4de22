/// The figures a scenario may name as its headline (`output.metrics`, `--metrics`): the top-level scalars each
/// model reports, `theory_` values aside. A scenario whose question is the stall, the pauses or the buffer says so,
/// and the sweep's table, `compare` and the top of the report and of the terminal summary lead with those figures
/// instead of the model's first ones.
///
/// Kept as a list per model so that a misspelt name is refused when the scenario is read, not after the run;
/// `HeadlineMetricsTests` checks the lists against what every bundled scenario's run reports, both ways.
public enum HeadlineMetrics {
    static let catalogue: [String: [String]] = [
        "training": [
            "steps", "stopped_in_step", "ranks", "step_time_samples", "step_time_p50_ms", "step_time_p99_ms",
            "step_time_p99_9_ms",
            "step_time_max_ms", "step_time_mean_ms", "compute_only_samples", "compute_only_p50_ms",
            "compute_only_p99_ms",
            "compute_only_max_ms", "stall_samples", "stall_p50_ms", "stall_p99_ms", "stall_p99_9_ms", "stall_max_ms",
            "stall_mean_ms", "exposed_communication_fraction", "gpu_busy_fraction", "slowest_step",
            "slowest_step_critical_rank", "slowest_step_critical_link", "steps_per_second", "gradient_bytes_per_step",
            "bytes_over_network_per_step", "bytes_over_nvlink_per_step", "transfers_per_step", "background_flows",
            "packets_injected", "packets_dropped", "pause_frames", "ecn_marks", "credit_stall_us",
            "packets_retransmitted",
            "retransmission_timeouts", "packet_hops", "communication_window_total_ms",
        ],
        "network": [
            "flows", "flows_completed", "fct_samples", "fct_p50_us", "fct_p99_us", "fct_max_us", "slowdown_samples",
            "slowdown_p50", "slowdown_p99", "min_flow_throughput_gbps", "goodput_bytes", "packets_injected",
            "packets_delivered", "packets_dropped", "drops_buffer_full", "drops_link_down", "packets_retransmitted",
            "retransmission_timeouts", "nacks", "packet_hops", "peak_switch_buffer_bytes", "credit_stall_us",
            "pause_frames", "ecn_marks", "cnps", "drops_headroom_overrun",
            // With packet trimming and receiver credits only.
            "packets_trimmed", "credit_grants",
            // The flow-level network's own.
            "flows_reallocated", "rate_recomputations",
        ],
        "collective": [
            "operation", "algorithm", "ranks", "servers", "largest_size_bytes", "largest_time_us", "largest_algbw_gbps",
            "largest_busbw_gbps",
            "network_alpha_us", "nic_payload_gbps", "packets_dropped", "pause_frames", "ecn_marks", "credit_stall_us",
        ],
        "mm1": queueing,
        "tandem": queueing,
        "phold": [
            "checksum", "events", "event_rate_per_simulated_s", "events_per_entity_mean", "events_per_entity_min",
            "events_per_entity_max",
        ],
    ]

    static let queueing = [
        "customers_measured", "mean_time_in_system_us", "p50_time_in_system_us", "p99_time_in_system_us",
        "p99_9_time_in_system_us", "max_time_in_system_us", "mean_customers_in_system", "littles_law_lambda_w",
        "throughput_per_s",
    ]

    /// The figures a model of this name reports (`Scenario.ModelSpec.name`).
    public static func names(model: String) -> [String] { catalogue[model] ?? [] }

    /// What is wrong with `names` as headline figures of `model`: one message per unknown or repeated name, with
    /// the nearest known one.
    public static func problems(_ names: [String], model: String) -> [String] {
        let known = Self.names(model: model)
        var seen: Set<String> = []
        var problems: [String] = []
        for name in names {
            if !seen.insert(name).inserted {
                problems.append("'\(name)' is named twice")
            } else if !known.contains(name) {
                let suggestion = Suggestion.closest(to: name, among: known).map { "did you mean '\($0)'? " } ?? ""
                problems.append(
                    "a \(model) model reports no figure '\(name)'; \(suggestion)its figures are "
                        + known.joined(separator: ", "))
            }
        }
        return problems
    }
}
