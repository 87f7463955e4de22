import FabricExport
import Foundation

/// sweep.html: the sweep's own page, self-contained like every run's report.html (inline CSS and SVG, no
/// scripts). For each headline figure that moved: its mean against the first numeric axis, one line per value
/// of the other axes (bars per point when no axis is numeric); the fabrics side by side when `fabric` is varied;
/// and the summary: the table of points, each linking to its first seed's report.
public enum SweepPage {
    /// Figures drawn, at most.
    static let charts = 12
    /// Figures in the table of points, at most.
    static let tableFigures = 8

    public static func html(_ summary: SweepSummary) -> String {
        var sections: [(id: String, title: String, body: String)] = []
        if let comparison = FabricComparison(summary) {
            sections.append(
                ("fabrics", "Fabrics side by side", fabricTables(comparison, seeds: summary.grid.seeds.count)))
        }
        let figures = charts(summary)
        if !figures.isEmpty { sections.append(("figures", "Figures", HTMLReport.grid(figures))) }
        sections.append(("summary", "Summary", pointTable(summary)))
        let axes = summary.grid.axes.map { "\($0.key) (\($0.values.count))" }.joined(separator: " × ")
        let facts: [(String, String)] = [
            ("points", TerminalSummary.grouped(summary.grid.points.count)),
            ("seeds per point", String(summary.grid.seeds.count)),
            ("runs", TerminalSummary.grouped(summary.records.count)),
            ("axes", axes.isEmpty ? "none (seeds only)" : axes),
        ]
        let failed = summary.records.filter { !$0.checksPassed }.count
        let badge =
            failed == 0
            ? "<span class=\"badge pass\">all \(summary.records.count) runs passed their checks</span>"
            : "<span class=\"badge fail\">\(failed) of \(summary.records.count) runs failed a check</span>"
        let sets = summary.grid.sets.isEmpty ? nil : "with --set " + summary.grid.sets.joined(separator: " --set ")
        return HTMLReport.page(
            title: "\(summary.grid.scenario) · FabricSim sweep", kicker: "FabricSim sweep",
            heading: summary.grid.scenario,
            description: sets, facts: facts, badge: badge, sections: sections,
            footer:
                "means over seeds with 95 % confidence intervals (Student t) · all figures in sweep.csv and sweep.json")
    }

    /// The axis drawn along x: the first whose values are all plain numbers.
    static func numericAxis(_ summary: SweepSummary) -> Int? {
        summary.grid.axes.firstIndex { axis in axis.values.count > 1 && axis.values.allSatisfy { Double($0) != nil } }
    }

    static func charts(_ summary: SweepSummary) -> [String] {
        let metrics = summary.metrics
        let rows = summary.rows
        let axes = summary.grid.axes
        let caption = summary.grid.seeds.count > 1 ? "mean over \(summary.grid.seeds.count) seeds" : "one seed"
        let whiskers = summary.grid.seeds.count > 1 ? ", 95 % interval as whiskers" : ""
        return summary.movingMetrics(limit: charts).compactMap { m in
            let name = metrics[m]
            if let x = numericAxis(summary) {
                typealias Point = (x: Double, y: Double, interval: (low: Double, high: Double)?)
                var lines: [(label: String, points: [Point])] = []
                for row in rows {
                    let figure = row.figures[m]
                    guard let mean = figure.mean else { continue }
                    let label = axes.indices.filter { $0 != x }
                        .map { "\(axes[$0].key)=\(axes[$0].values[row.point.valueIndices[$0]])" }.joined(
                            separator: ", ")
                    let interval = figure.low.flatMap { low in figure.high.map { (low: low, high: $0) } }
                    let point: Point = (Double(axes[x].values[row.point.valueIndices[x]])!, mean, interval)
                    if let i = lines.firstIndex(where: { $0.label == label }) {
                        lines[i].points.append(point)
                    } else {
                        lines.append((label, [point]))
                    }
                }
                guard !lines.isEmpty else { return nil }
                let series = lines.enumerated().map { i, line in
                    let sorted = line.points.sorted { $0.x < $1.x }
                    return SVGChart.Series(
                        label: line.label.isEmpty ? name : line.label, points: sorted.map { ($0.x, $0.y) },
                        colour: SVGChart.palette[i % SVGChart.palette.count], intervals: sorted.map(\.interval))
                }
                let chart = SVGChart.lines(
                    series, x: SVGChart.scale(unit: "", title: axes[x].key),
                    y: SVGChart.scale(unit: "", title: name), description: "\(name) against \(axes[x].key)")
                return HTMLReport.figure(
                    title: name, caption: caption + whiskers, chart: chart, legend: lines.count > 1 ? series : [])
            }
            let bars = rows.compactMap { row in
                row.figures[m].mean.map { (label: row.point.values(of: axes).joined(separator: ", "), value: $0) }
            }
            guard !bars.isEmpty else { return nil }
            let chart = SVGChart.bars(
                bars.map { ($0.label.isEmpty ? "all" : $0.label, $0.value) },
                format: TerminalSummary.compact, colour: SVGChart.palette[0], description: name)
            return HTMLReport.figure(title: name, caption: caption + " per point", chart: chart)
        }
    }

    static func fabricTables(_ comparison: FabricComparison, seeds: Int) -> String {
        var out =
            "<p class=\"note\">Same job, topology and seeds on each fabric; mean ± the half width of the 95 % "
            + "confidence interval over \(seeds) seed\(seeds == 1 ? "" : "s").</p>\n"
        for group in comparison.groups {
            if !group.label.isEmpty { out += "<h3>\(HTMLReport.esc(group.label))</h3>\n" }
            out += "<div class=\"table-wrap\"><table>\n<thead><tr><th>quantity</th><th>figure</th>"
            out += comparison.fabrics.map { "<th>\(HTMLReport.esc($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for (q, quantity) in comparison.shown.enumerated() {
                out += "<tr><td>\(HTMLReport.esc(quantity.label))</td><td>\(HTMLReport.esc(quantity.metric))</td>"
                out +=
                    group.cells[q].map { "<td>\(HTMLReport.esc(FabricComparison.text($0)))</td>" }.joined() + "</tr>\n"
            }
            out += "</tbody></table></div>\n"
        }
        return out
    }

    static func pointTable(_ summary: SweepSummary) -> String {
        let metrics = summary.metrics
        let shown = summary.movingMetrics(limit: tableFigures)
        let firstSeed = summary.grid.seeds[0]
        var out = "<div class=\"table-wrap\"><table>\n<thead><tr><th>point</th>"
        out += summary.grid.axes.map { "<th>\(HTMLReport.esc($0.key))</th>" }.joined()
        out +=
            shown.map { "<th>\(HTMLReport.esc(metrics[$0]))</th>" }.joined() + "<th>checks</th></tr></thead>\n<tbody>\n"
        for row in summary.rows {
            let link = "\(row.point.directory)/seed-\(firstSeed)/report.html"
            out += "<tr><td><a href=\"\(HTMLReport.esc(link))\">\(row.point.index)</a></td>"
            out += row.point.values(of: summary.grid.axes).map { "<td>\(HTMLReport.esc($0))</td>" }.joined()
            out += shown.map { "<td>\(HTMLReport.esc(FabricComparison.text(row.figures[$0])))</td>" }.joined()
            out += "<td>\(row.checksPassed ? "✓" : "✗")</td></tr>\n"
        }
        out +=
            "</tbody></table></div>\n<p class=\"note\">Each point links to its first seed's report.html (when the runs "
            + "wrote one); every figure of every point is in sweep.csv.</p>\n"
        return out
    }
}
