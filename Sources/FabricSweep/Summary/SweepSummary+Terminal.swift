import FabricExport

extension SweepSummary {
    /// The figures worth a column or a chart, at most `limit`: first those whose mean differs between points,
    /// then those that only differ between seeds, each in the summary's order; the first ones when none moved.
    public func movingMetrics(limit: Int) -> [Int] {
        let rows = rows
        let differ = metrics.indices.filter { m in Set(rows.compactMap { $0.figures[m].mean }).count > 1 }
        let spread = metrics.indices.filter { m in
            !differ.contains(m) && rows.contains { ($0.figures[m].halfWidth ?? 0) > 0 }
        }
        let moved = differ + spread
        return Array((moved.isEmpty ? Array(metrics.indices) : moved).prefix(limit))
    }

    /// One line per point: its values, then mean ± half width of the headline figures (the scenario's
    /// `output.metrics` or `--metrics`, those the runs reported), or without them of the figures that moved; then,
    /// when the sweep varies `fabric`, the side-by-side tables.
    public func terminalText(columns: Int = 4, headline: [String] = []) -> String {
        let metrics = metrics
        let named = headline.compactMap { metrics.firstIndex(of: $0) }
        let shown = named.isEmpty ? movingMetrics(limit: columns) : named
        var table = [["point"] + grid.axes.map(\.key) + shown.map { metrics[$0] } + ["checks"]]
        for row in rows {
            table.append(
                [String(row.point.index)] + row.point.values(of: grid.axes)
                    + shown.map { FabricComparison.text(row.figures[$0]) } + [row.checksPassed ? "" : "✗ failed"])
        }
        var out = TerminalSummary.table(table)
        if let comparison = FabricComparison(self) { out += comparison.terminalText }
        return out
    }
}
