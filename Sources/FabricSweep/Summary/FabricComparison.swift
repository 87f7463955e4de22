import FabricExport

/// InfiniBand against RoCEv2 (or any values of the top-level `fabric` key) on the same job and topology: for
/// each combination of the other axes, the quantities where credit-based and pause-based lossless flow control
/// differ, one column per fabric. Built from a sweep that varies `fabric`; nil for one that does not.
public struct FabricComparison: Sendable {
    /// A quantity and the headline figure that measures it; only those the sweep's model reports are shown.
    static let quantities: [(label: String, metric: String)] = [
        ("P99 step stall", "stall_p99_ms"),
        ("P99 step time", "step_time_p99_ms"),
        ("P99 flow completion", "fct_p99_us"),
        ("bus bandwidth, largest size", "largest_busbw_gbps"),
        ("pause frames", "pause_frames"),
        ("packets dropped", "packets_dropped"),
        ("credit stalls", "credit_stall_us"),
        ("ECN marks", "ecn_marks"),
    ]

    /// The fabrics compared, as the axis gives them.
    public let fabrics: [String]
    /// The quantities shown: label and figure name.
    public let shown: [(label: String, metric: String)]
    /// One table per combination of the other axes (`label` empty when `fabric` is the only axis): per quantity,
    /// per fabric, the figure over the seeds.
    public let groups: [(label: String, cells: [[MeanInterval?]])]

    public init?(_ summary: SweepSummary) {
        let axes = summary.grid.axes
        guard let f = axes.firstIndex(where: { $0.key == "fabric" }) else { return nil }
        let metrics = summary.metrics
        let shown = Self.quantities.filter { metrics.contains($0.metric) }
        let fabrics = axes[f].values
        self.shown = shown
        self.fabrics = fabrics
        let rows = summary.rows
        var groups: [(label: String, cells: [[MeanInterval?]])] = []
        var order: [[Int]] = []
        for row in rows {
            var others = row.point.valueIndices
            others.remove(at: f)
            if !order.contains(others) { order.append(others) }
        }
        for others in order {
            let label = zip(axes.indices.filter { $0 != f }, others).map { "\(axes[$0].key)=\(axes[$0].values[$1])" }
                .joined(separator: ", ")
            let cells = shown.map { quantity in
                let m = metrics.firstIndex(of: quantity.metric)!
                return fabrics.indices.map { v in
                    rows.first { row in
                        var rest = row.point.valueIndices
                        let value = rest.remove(at: f)
                        return value == v && rest == others
                    }.map { $0.figures[m] }
                }
            }
            groups.append((label, cells))
        }
        self.groups = groups
    }

    /// `0.512 ± 0.031`: the mean and its interval's half width, or the mean alone with one seed.
    static func text(_ figure: MeanInterval?) -> String {
        guard let figure, let mean = figure.mean else { return "n/a" }
        guard let half = figure.halfWidth else { return TerminalSummary.compact(mean) }
        return TerminalSummary.compact(mean) + " ± " + TerminalSummary.compact(half)
    }

    /// The side-by-side tables for the terminal.
    public var terminalText: String {
        var out = ""
        for group in groups {
            out += "\nfabrics side by side" + (group.label.isEmpty ? "" : " · " + group.label) + "\n"
            var table = [["quantity", "figure"] + fabrics]
            for (q, quantity) in shown.enumerated() {
                table.append([quantity.label, quantity.metric] + group.cells[q].map(Self.text))
            }
            out += TerminalSummary.table(table)
        }
        return out
    }
}
