import FabricKernel
import FabricMetrics

/// The same scenario run at packet and at flow fidelity, metric by metric: how far the fast model is from the
/// ground truth on this scenario (`fabricsim crosscheck`). Compared: every number both runs report at the top
/// of their metrics (step-time percentiles, stalls, collective times, flow completion times and slowdowns), and
/// the time of each size of a collective sweep. Figures one fidelity does not have (null, or absent) are left
/// out. The difference is (flow − packet) ÷ packet.
public struct CrossCheck: Sendable {
    public struct Row: Sendable, Equatable {
        public var metric: String
        public var packet: Double
        public var flow: Double
        /// (flow − packet) ÷ packet; nil when packet is 0.
        public var difference: Double?
    }

    public let scenario: String
    public let rows: [Row]
    public let packetWallSeconds: Double
    public let flowWallSeconds: Double

    public init(packet: RunResult, flow: RunResult, packetWallSeconds: Double, flowWallSeconds: Double) {
        scenario = packet.scenario
        self.packetWallSeconds = packetWallSeconds
        self.flowWallSeconds = flowWallSeconds
        var rows: [Row] = []
        func add(_ name: String, _ a: ResultValue?, _ b: ResultValue?) {
            guard let p = a?.doubleValue, let f = b?.doubleValue, p.isFinite, f.isFinite else { return }
            rows.append(Row(metric: name, packet: p, flow: f, difference: p != 0 ? (f - p) / p : nil))
        }
        for (key, value) in packet.metrics.entries where !Self.excluded.contains(key) {
            add(key, value, flow.metrics[key])
        }
        // A collective sweep: the time of every size.
        if case .array(let a)? = packet.metrics["nccl_tests"], case .array(let b)? = flow.metrics["nccl_tests"] {
            for (x, y) in zip(a, b) {
                guard case .int(let size)? = x["size_bytes"] else { continue }
                add("time_us[\(ByteCount(size))]", x["time_us"], y["time_us"])
            }
        }
        self.rows = rows
    }

    /// Counts that describe the run rather than what it measured.
    static let excluded: Set<String> = [
        "ranks", "servers", "steps", "flows", "largest_size_bytes", "transfers_per_step", "slowest_step",
        "slowest_step_critical_rank",
        "gradient_bytes_per_step", "bytes_over_network_per_step", "bytes_over_nvlink_per_step",
    ]

    /// The largest |difference| among the rows whose name contains `part` (e.g. `step_time`), or nil.
    public func worstDifference(matching part: String) -> Double? {
        rows.filter { $0.metric.contains(part) }.compactMap { $0.difference.map(abs) }.max()
    }

    /// The table for the terminal.
    public var text: String {
        var table: [[String]] = [["metric", "packet", "flow", "difference"]]
        for row in rows {
            table.append([
                row.metric, TerminalSummary.compact(row.packet), TerminalSummary.compact(row.flow),
                row.difference.map { String(format: "%+.2f %%", $0 * 100) } ?? "",
            ])
        }
        var out = "cross-check of \(scenario): the same scenario and seed at packet and at flow fidelity\n\n"
        out += TerminalSummary.table(table)
        out += String(
            format: "\nwall time: packet %.3f s, flow %.3f s (%.1f× faster)\n", packetWallSeconds, flowWallSeconds,
            flowWallSeconds > 0 ? packetWallSeconds / flowWallSeconds : 0)
        return out
    }

    /// crosscheck.json: the rows, and the wall times (which, unlike the rows, vary from run to run).
    public var json: String {
        var document = ResultObject()
        document["schema"] = "fabricsim.crosscheck/1"
        document["scenario"] = .string(scenario)
        document["rows"] = .array(
            rows.map { row in
                .object(
                    ResultObject([
                        "metric": .string(row.metric), "packet": .double(row.packet), "flow": .double(row.flow),
                        "difference": row.difference.map { .double($0) } ?? .null,
                    ]))
            })
        document["packet_wall_s"] = .double(packetWallSeconds)
        document["flow_wall_s"] = .double(flowWallSeconds)
        return JSONWriter.string(.object(document))
    }

    /// crosscheck.csv: metric, packet, flow, difference.
    public var csv: String {
        CSVTables.text(
            [["metric", "packet", "flow", "difference"]]
                + rows.map {
                    [
                        $0.metric, CSVTables.number($0.packet), CSVTables.number($0.flow),
                        $0.difference.map(CSVTables.number) ?? "",
                    ]
                })
    }
}
