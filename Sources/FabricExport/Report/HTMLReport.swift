import FabricKernel
import FabricMetrics
import Foundation

/// report.html: one self-contained page — inline CSS and SVG, no scripts, no fonts or images to fetch — that
/// opens anywhere, prints, and can be mailed as one file.
///
/// Like the CSV tables, it is driven by the shape of the result rather than by a model: the summary table takes
/// every scalar, the tables every array of rows, the time-series charts every sampled series. Where a result
/// has a known shape it gets the plot that shape deserves (docs/results-format.md lists them):
/// - a `steps`, `flows`, `collectives` or `checkpoints` table, or the spans of one category: the distribution of
///   each duration column (CDF and histogram with P50 and P99 marked);
/// - a `ports` table: the ports with the deepest queues, the busiest, and those with drops, pauses, ECN marks or
///   stalls;
/// - a `goodput_sweep` table: the wall time not kept (1 − goodput) against the checkpoint interval, the best,
///   Young's and Daly's intervals of the `goodput` group marked;
/// - series: `utilisation` by tier, `queue_bytes` of the deepest ports, congestion signals, and each model-wide
///   series; a run's own in a section of their own, one step's (`TimeSeriesSet.scope`, a training job's slowest)
///   under the slowest steps' bars.
/// The page is a pure function of the `RunResult`: exporting a run twice gives the same bytes.
public enum HTMLReport {
    /// Rows of a table shown in the page; the CSV file has all of them.
    static let tableRows = 15
    /// Members of a series group drawn in one chart.
    static let linesPerChart = 6
    /// Bars in a chart of ports.
    static let barsPerChart = 12
    /// Tables whose duration columns get a distribution plot: those whose key begins with one of these
    /// (`steps`, `steps_table`, `flows`, `collectives`, `checkpoints`, `transfers`).
    static let distributionTables = ["step", "flow", "collective", "checkpoint", "transfer"]

    public static func html(_ result: RunResult) -> String {
        var sections: [(id: String, title: String, body: String)] = []
        sections.append(("summary", "Summary", summary(result)))
        let distributions = distributionFigures(result)
        if !distributions.isEmpty { sections.append(("distributions", "Distributions", grid(distributions))) }
        let steps = stepFigures(result.metrics)
        if !steps.isEmpty { sections.append(("steps", "Step by step", grid(steps))) }
        let critical = criticalPathFigures(result.metrics)
        let time = seriesFigures(result.series)
        let over = time.isEmpty ? "" : seriesNote(result.series) + grid(time)
        // Series of one step (the slowest) are drawn under that step's bar; a run's own series have a section.
        let underSteps = result.series.scope != nil && !critical.isEmpty
        if !critical.isEmpty {
            sections.append(("critical", "Slowest steps", grid(critical) + (underSteps ? over : "")))
        }
        let ports = portFigures(result.metrics)
        if !ports.isEmpty { sections.append(("ports", "Ports", grid(ports))) }
        let goodput = goodputFigures(result.metrics)
        if !goodput.isEmpty { sections.append(("goodput", "Checkpoint interval", grid(goodput))) }
        if !time.isEmpty, !underSteps { sections.append(("time", "Over time", over)) }
        let tables = tablesSection(result.metrics)
        if !tables.isEmpty { sections.append(("tables", "Tables", tables)) }
        sections.append(
            (
                "scenario", "Scenario",
                "<pre class=\"scenario\">" + esc(yaml(result.scenarioEcho, indent: 0)) + "</pre>\n"
            ))

        var facts: [(String, String)] = [
            ("model", result.model), ("seed", String(result.seed)),
            ("simulated", result.simulatedTime.roundedDescription), ("events", TerminalSummary.grouped(result.events)),
            ("stopped", result.stopReason.rawValue),
        ]
        if let fingerprint = result.fingerprintText { facts.append(("fingerprint", fingerprint)) }
        if let fidelity = result.fidelity { facts.append(("fidelity", fidelity)) }
        if !result.notModelled.isEmpty { facts.append(("not modelled", result.notModelled.joined(separator: ", "))) }
        if let hybrid = result.hybridFabric { facts.append(("hybrid fabric", hybrid)) }
        if let profile = result.networkProfile { facts.append(("network profile", profile)) }
        if let controller = result.congestionControl { facts.append(("congestion control", controller)) }
        let failed = result.checks.filter { !$0.passed }.count
        let verdict =
            result.checks.isEmpty
            ? ""
            : failed == 0
                ? "<span class=\"badge pass\">all \(result.checks.count) checks passed</span>"
                : "<span class=\"badge fail\">\(failed) of \(result.checks.count) checks failed</span>"
        var description: String?
        if case .string(let text)? = result.scenarioEcho["description"], !text.isEmpty { description = text }
        return page(
            title: "\(result.scenario) · FabricSim report", kicker: "FabricSim report", heading: result.scenario,
            description: description, facts: facts, badge: verdict, sections: sections,
            footer:
                "the same scenario and seed give this page byte for byte · figures in summary.json, tables in CSV, timeline in trace.json"
        )
    }

    // MARK: The page

    /// One self-contained page: the header (kicker, heading, description, facts, a verdict badge and a link to
    /// each section), then each section as a card. Shared with the sweep page (FabricSweep).
    package static func page(
        title: String, kicker: String, heading: String, description: String?, facts: [(String, String)],
        badge: String, sections: [(id: String, title: String, body: String)], footer: String
    ) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="FabricSim \(esc(FabricSimVersion.string))">
            <link rel="icon" href="data:,">
            <title>\(esc(title))</title>
            <style>
            \(style)</style>
            </head>
            <body>

            """
        out += "<header class=\"top\"><div class=\"inner\">\n<div class=\"kicker\">\(esc(kicker))</div>\n"
        out += "<h1>\(esc(heading))</h1>\n"
        if let description { out += "<p class=\"description\">\(esc(description))</p>\n" }
        out +=
            "<div class=\"facts\">"
            + facts.map {
                "<div class=\"fact\"><span class=\"k\">\(esc($0.0))</span><span class=\"v\">\(esc($0.1))</span></div>"
            }
            .joined() + "</div>\n"
        out +=
            "<nav class=\"toc\">\(badge)" + sections.map { "<a href=\"#\($0.id)\">\(esc($0.title))</a>" }.joined()
            + "</nav>\n"
        out += "</div></header>\n<main>\n"
        for section in sections {
            out +=
                "<section class=\"card\" id=\"\(section.id)\">\n<h2>\(esc(section.title))</h2>\n\(section.body)</section>\n"
        }
        out += "<footer>FabricSim \(esc(FabricSimVersion.string)) · \(esc(footer))</footer>\n"
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// A chart with its caption and, for several lines, a legend of their colours.
    package static func figure(title: String, caption: String, chart: String, legend lines: [SVGChart.Series] = [])
        -> String
    {
        var legend = ""
        if !lines.isEmpty {
            legend =
                "<div class=\"legend\">"
                + lines.map {
                    "<span><i class=\"swatch\" style=\"background:\($0.colour)\"></i>\(esc($0.label))</span>"
                }.joined() + "</div>"
        }
        return
            "<figure><figcaption><b>\(esc(title))</b>\(caption.isEmpty ? "" : " · " + esc(caption))</figcaption>\(chart)\(legend)</figure>\n"
    }

    // MARK: Summary

    static func summary(_ result: RunResult) -> String {
        var rows: [(String, ResultValue, ResultValue?)] = []
        func walk(_ object: ResultObject, prefix: String) {
            for (key, value) in object.entries where !key.hasPrefix("theory_") {
                let name = prefix.isEmpty ? key : "\(prefix).\(key)"
                switch value {
                case .object(let nested): walk(nested, prefix: name)
                case .array: continue
                default: rows.append((name, value, object["theory_" + key]))
                }
            }
        }
        walk(result.metrics, prefix: "")
        let notes = TerminalSummary.percentileNotes(result.metrics)
        var out = headline(result, notes: notes)
        let theory = rows.contains { $0.2 != nil }
        // A long list without theory columns reads better in two columns.
        let perColumn = !theory && rows.count > 12 ? (rows.count + 1) / 2 : max(1, rows.count)
        out += "<div class=\"columns\">\n"
        for start in stride(from: 0, to: rows.count, by: perColumn) {
            out += "<div class=\"table-wrap\"><table class=\"summary\">\n<thead><tr><th>metric</th><th>measured</th>"
            if theory { out += "<th>theory</th><th>difference</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for (name, value, expected) in rows[start..<min(rows.count, start + perColumn)] {
                let note = notes[name].map { " <span class=\"note\">(\(esc($0)))</span>" } ?? ""
                out += "<tr><td>\(esc(name))</td><td>\(esc(display(value, key: name)))\(note)</td>"
                if theory {
                    var difference = ""
                    if let m = value.doubleValue, let t = expected?.doubleValue, t != 0 {
                        difference = String(format: "%+.2f %%", (m - t) / t * 100)
                    }
                    out += "<td>\(expected.map { esc(display($0, key: name)) } ?? "")</td><td>\(esc(difference))</td>"
                }
                out += "</tr>\n"
            }
            out += "</tbody></table></div>\n"
        }
        out += "</div>\n"
        if !result.checks.isEmpty {
            out += "<ul class=\"checks\">\n"
            for check in result.checks {
                out +=
                    "<li class=\"\(check.passed ? "pass" : "fail")\"><b>\(esc(check.name))</b> — \(esc(check.detail))</li>\n"
            }
            out += "</ul>\n"
        }
        return out
    }

    /// The scenario's headline figures (`output.metrics`, `--metrics`) as a row of large figures above the summary
    /// table; nothing when it names none.
    static func headline(_ result: RunResult, notes: [String: String]) -> String {
        guard !result.headline.isEmpty else { return "" }
        return "<div class=\"facts headline\">"
            + result.headline.map { name in
                let value = result.metrics[name].map { display($0, key: name) } ?? "n/a"
                let note = notes[name].map { "<span class=\"note\">\(esc($0))</span>" } ?? ""
                return
                    "<div class=\"fact\"><span class=\"k\">\(esc(name))</span><span class=\"v\">\(esc(value))</span>\(note)</div>"
            }.joined() + "</div>\n"
    }

    // MARK: Distributions

    static func distributionFigures(_ result: RunResult) -> [String] {
        var figures: [String] = []
        var covered: Set<String> = []
        for (key, value) in result.metrics.entries where distributionTables.contains(where: { key.hasPrefix($0) }) {
            guard case .array(let items) = value else { continue }
            let rows = items.compactMap(\.objectValue)
            guard rows.count == items.count else { continue }
            covered.insert(key)
            covered.insert(String(key.prefix { $0 != "_" }))
            var columns: [String] = []
            for row in rows { for k in row.entries.map(\.key) where !columns.contains(k) { columns.append(k) } }
            for column in columns {
                guard let unit = durationUnit(column) ?? (column.contains("slowdown") ? "" : nil) else { continue }
                let values = rows.compactMap { $0[column]?.doubleValue }.filter(\.isFinite)
                guard values.count >= 5 else { continue }
                figures.append(distribution(values, title: "\(key): \(column)", unit: unit))
            }
        }
        // Spans whose category has no table of its own: their durations.
        for category in result.timeline.categories where !covered.contains(category.prefix { $0 != "." } + "s") {
            let durations = result.timeline.spans.filter { $0.category == category && $0.finished }.map {
                $0.duration.seconds
            }
            guard durations.count >= 5, let largest = durations.max() else { continue }
            let (divisor, unit) = SVGChart.timeUnit(forLargest: largest)
            var title = "\(category) durations"
            if result.timeline.dropped > 0 { title += " (the first \(result.timeline.spans.count) spans)" }
            figures.append(distribution(durations.map { $0 / divisor }, title: title, unit: unit))
        }
        return figures
    }

    // MARK: Step by step

    /// A table with a `step` column, its durations drawn against the step: what a distribution hides — a fault
    /// from one step on, a straggler's range, a checkpoint every N steps. Columns within a factor of 10 of each
    /// other share a chart (step and compute-only time), a much smaller one gets its own (the stall).
    static func stepFigures(_ metrics: ResultObject) -> [String] {
        var figures: [String] = []
        for (key, value) in metrics.entries {
            guard case .array(let items) = value else { continue }
            let rows = items.compactMap(\.objectValue)
            // A table in step order (a list of the slowest steps is not).
            let steps = rows.compactMap { $0["step"]?.doubleValue }
            guard rows.count >= 2, rows.count == items.count, steps.count == rows.count,
                zip(steps, steps.dropFirst()).allSatisfy({ $0 < $1 })
            else { continue }
            var groups: [(largest: Double, lines: [SVGChart.Series], unit: String)] = []
            for column in rows[0].entries.map(\.key) {
                guard let unit = durationUnit(column) else { continue }
                let points: [(x: Double, y: Double)] = rows.compactMap { row in
                    guard let step = row["step"]?.doubleValue, let y = row[column]?.doubleValue, y.isFinite else {
                        return nil
                    }
                    return (step, y)
                }
                guard let largest = points.map(\.y).max(), largest > 0 else { continue }
                let line = SVGChart.Series(label: column, points: points, colour: "")
                if let g = groups.firstIndex(where: {
                    $0.unit == unit && max($0.largest, largest) <= 10 * min($0.largest, largest)
                }) {
                    groups[g].lines.append(line)
                    groups[g].largest = max(groups[g].largest, largest)
                } else {
                    groups.append((largest, [line], unit))
                }
            }
            let xScale = SVGChart.Scale(title: "step") { v, step in SVGChart.number(v, step: max(1, step)) }
            for group in groups {
                var lines = group.lines
                for i in lines.indices { lines[i].colour = SVGChart.palette[i % SVGChart.palette.count] }
                let title = "\(key): " + lines.map(\.label).joined(separator: ", ") + " by step"
                let chart = SVGChart.lines(
                    lines, x: xScale, y: SVGChart.scale(unit: group.unit, title: "duration"), description: title)
                figures.append(
                    figure(
                        title: title, caption: "\(rows.count) steps", chart: chart, legend: lines.count > 1 ? lines : []
                    ))
            }
        }
        return figures
    }

    /// µs, ms, s or ns from a column's suffix; nil when the column is not a duration.
    static func durationUnit(_ column: String) -> String? {
        if column.hasSuffix("_us") { return "µs" }
        if column.hasSuffix("_ms") { return "ms" }
        if column.hasSuffix("_ns") { return "ns" }
        if column.hasSuffix("_s"), !column.hasSuffix("_per_s") { return "s" }
        return nil
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }

    /// A CDF and a histogram side by side, P50 and P99 marked on both.
    static func distribution(_ values: [Double], title: String, unit: String) -> String {
        let sorted = values.sorted()
        let p50 = percentile(sorted, 50)
        let p99 = percentile(sorted, 99)
        let suffix = unit.isEmpty ? "" : " \(unit)"
        func show(_ v: Double) -> String { TerminalSummary.compact(v) + suffix }
        let markers =
            p50 == p99
            ? [SVGChart.Marker(x: p50, label: "P50 = P99 \(show(p50))", colour: "#D55E00")]
            : [
                SVGChart.Marker(x: p50, label: "P50 \(show(p50))", colour: "#009E73"),
                SVGChart.Marker(x: p99, label: "P99 \(show(p99))", colour: "#D55E00"),
            ]
        let xScale = SVGChart.Scale(title: unit.isEmpty ? title : "\(title) (\(unit))") { v, step in
            SVGChart.number(v, step: step)
        }
        let n = Double(sorted.count)
        var points: [(x: Double, y: Double)] = [(sorted[0], 0)]
        points += sorted.enumerated().map { (x: $0.element, y: Double($0.offset + 1) / n) }
        let cdf = SVGChart.lines(
            [SVGChart.Series(label: "CDF", points: points, colour: SVGChart.palette[0], steps: true)],
            x: xScale, y: SVGChart.scale(unit: "fraction", title: "fraction at or below"),
            markers: markers, yMax: 1, description: "CDF of \(title)")
        let lo = sorted[0]
        let hi = sorted[sorted.count - 1]
        let binCount = min(40, max(8, Int(Double(sorted.count).squareRoot().rounded())))
        let axis = SVGChart.ticks(lo, hi, count: 2 * binCount)
        var bins: [(lo: Double, hi: Double, count: Int)] = []
        var b = axis.lo
        while b < axis.hi - axis.step * 1e-9 {
            bins.append((b, b + axis.step, 0))
            b += axis.step
        }
        if bins.isEmpty { bins = [(lo, lo + 1, 0)] }
        for v in sorted {
            let i = min(bins.count - 1, max(0, Int(((v - bins[0].lo) / axis.step).rounded(.down))))
            bins[i].count += 1
        }
        let histogram = SVGChart.histogram(
            bins, x: xScale, markers: markers, colour: SVGChart.palette[5],
            description: "histogram of \(title)")
        let caption =
            "<b>\(esc(title))</b> · n = \(TerminalSummary.grouped(sorted.count)) · P50 \(esc(show(p50))) · "
            + "P99 \(esc(show(p99))) · max \(esc(show(hi)))"
        return
            "<figure class=\"wide\"><figcaption>\(caption)</figcaption><div class=\"pair\">\(cdf)\(histogram)</div></figure>\n"
    }

    // MARK: Checkpoint interval

    /// The wall time not kept — checkpoints, lost training, restarts: 1 − goodput — against the interval between
    /// checkpoints (`goodput_sweep`: `interval_s`, `goodput`), in minutes, with the sweep's best interval and
    /// Young's and Daly's (from `goodput`) marked. Its minimum is the best interval; goodput itself would be a
    /// line near 100 % on an axis from zero.
    static func goodputFigures(_ metrics: ResultObject) -> [String] {
        guard case .array(let items)? = metrics["goodput_sweep"] else { return [] }
        let points = items.compactMap(\.objectValue).compactMap { row -> (x: Double, y: Double)? in
            guard let interval = row["interval_s"]?.doubleValue, let goodput = row["goodput"]?.doubleValue else {
                return nil
            }
            return (interval / 60, 1 - goodput)
        }
        guard points.count >= 2 else { return [] }
        var markers: [SVGChart.Marker] = []
        if case .object(let study)? = metrics["goodput"] {
            for (key, label, colour) in [
                ("best_interval_s", "best", "#D55E00"), ("young_interval_s", "Young", "#009E73"),
                ("daly_interval_s", "Daly", "#0072B2"),
            ] {
                if let value = study[key]?.doubleValue {
                    markers.append(SVGChart.Marker(x: value / 60, label: label, colour: colour))
                }
            }
        }
        let chart = SVGChart.lines(
            [SVGChart.Series(label: "1 − goodput", points: points, colour: SVGChart.palette[0])],
            x: SVGChart.scale(unit: "min", title: "training between checkpoints"),
            y: SVGChart.scale(unit: "fraction", title: "wall time not kept"), markers: markers,
            description: "wall time not kept against the checkpoint interval")
        return [
            "<figure class=\"wide\"><figcaption><b>Wall time not kept (1 − goodput) against the checkpoint interval</b> · "
                + "\(points.count) intervals on the same simulated failures</figcaption>\(chart)</figure>\n"
        ]
    }

    // MARK: Slowest steps

    /// A `slowest_steps` table: each step as a bar split as `StepSplit` reads it (the slowest rank's forward +
    /// backward, the stall, the longest optimizer), labelled with the rank the step waited for and the link on its
    /// critical path.
    static func criticalPathFigures(_ metrics: ResultObject) -> [String] {
        guard case .array(let items)? = metrics["slowest_steps"] else { return [] }
        var bars: [(label: String, segments: [(value: Double, colour: String)], note: String)] = []
        var shown: [StepSplit.Part] = []
        for row in items.compactMap(\.objectValue) {
            guard let split = StepSplit(row) else { continue }
            let step = row["step"].map { display($0, key: "") } ?? "?"
            var where_: [String] = []
            if let stall = split.ms(.stall) { where_.append(String(format: "stall %.3g ms", stall)) }
            if let rank = row["critical_rank"], rank != .null { where_.append("rank \(display(rank, key: ""))") }
            if case .string(let link)? = row["critical_link"] { where_.append(link) }
            bars.append(
                (
                    "step \(step)", split.parts.map { ($0.ms, $0.part.colour) },
                    String(format: "%.3g ms", split.step) + " · " + where_.joined(separator: " · ")
                ))
            for part in split.parts.map(\.part) where !shown.contains(part) { shown.append(part) }
        }
        guard !bars.isEmpty else { return [] }
        let chart = SVGChart.stackedBars(bars, description: "the slowest steps split into compute, stall and optimizer")
        let legend =
            "<div class=\"legend\">"
            + shown.map {
                "<span><i class=\"swatch\" style=\"background:\($0.colour)\"></i>\(esc($0.rawValue))</span>"
            }.joined() + "</div>"
        return [
            "<figure class=\"wide\"><figcaption><b>Critical path of the slowest steps</b> · each step's time as "
                + "docs/workload.md splits it: the slowest rank's compute and the longest optimizer make the compute-only "
                + "step time, the rest is the stall; labelled with the rank the step waited for and the link that delayed "
                + "it most</figcaption>\(chart)\(legend)</figure>\n"
        ]
    }

    // MARK: Ports

    static func portFigures(_ metrics: ResultObject) -> [String] {
        guard case .array(let items)? = metrics["ports"] else { return [] }
        let rows = items.compactMap(\.objectValue)
        func name(_ row: ResultObject) -> String {
            if case .string(let link)? = row["link"] { return link }
            return row["port"].map { display($0, key: "port") } ?? "?"
        }
        var columns: [String] = []
        for row in rows { for k in row.entries.map(\.key) where !columns.contains(k) { columns.append(k) } }
        let wanted = columns.filter { c in
            ["peak_queue_bytes", "utilisation", "utilisation_while_communicating"].contains(c)
                || ["drop", "pause", "ecn", "stall", "p99_queue"].contains { c.contains($0) }
        }.sorted { a, b in
            let order = ["peak_queue_bytes", "utilisation_while_communicating", "utilisation"]
            return (order.firstIndex(of: a) ?? 3, columns.firstIndex(of: a)!) < (
                order.firstIndex(of: b) ?? 3, columns.firstIndex(of: b)!
            )
        }
        var figures: [String] = []
        for (i, column) in wanted.enumerated() {
            let ranked = rows.enumerated().compactMap { (j, row) -> (String, Double, Int)? in
                guard let v = row[column]?.doubleValue, v.isFinite, v > 0 else { return nil }
                return (name(row), v, j)
            }.sorted { ($0.1, -$0.2) > ($1.1, -$1.2) }
            guard !ranked.isEmpty else { continue }
            let shown = ranked.prefix(barsPerChart).map { (label: $0.0, value: $0.1) }
            let format: (Double) -> String =
                column.hasSuffix("_bytes")
                ? { ByteCount(Int64($0.rounded())).roundedText }
                : column.hasPrefix("utilisation")
                    ? { String(format: "%.1f %%", $0 * 100) } : { TerminalSummary.compact($0) }
            let title =
                column == "peak_queue_bytes"
                ? "Deepest queues (peak bytes)"
                : column == "utilisation"
                    ? "Busiest ports (utilisation over the whole run)"
                    : column == "utilisation_while_communicating"
                        ? "Busiest ports while communicating (busy time ÷ time transfers were in flight)"
                        : "Ports by \(readable(column))"
            let chart = SVGChart.bars(
                shown, format: format, colour: SVGChart.palette[i % SVGChart.palette.count],
                description: title)
            figures.append(
                "<figure><figcaption><b>\(esc(title))</b> · the top \(shown.count) of \(ranked.count) ports with any</figcaption>\(chart)</figure>\n"
            )
        }
        return figures
    }

    // MARK: Series

    /// What the charts below it cover and how finely: the run, or one part of it (`step 11, the slowest`) from its
    /// start on the run's clock.
    static func seriesNote(_ set: TimeSeriesSet) -> String {
        let grid = "every \(set.interval.roundedDescription) of simulated time (\(set.pointCount) points)"
        let what =
            set.scope.map {
                "The network in \($0), from its start at \(set.origin.roundedDescription): sampled " + grid
            }
            ?? "Sampled " + grid
        return "<p class=\"note\">\(esc(what)); all series are in series.csv.</p>\n"
    }

    static func seriesFigures(_ set: TimeSeriesSet) -> [String] {
        guard !set.isEmpty else { return [] }
        let lastTime = set.time(ofPoint: set.pointCount - 1).seconds
        let (divisor, unit) = SVGChart.timeUnit(forLargest: lastTime)
        let xScale = SVGChart.Scale(title: "simulated time (\(unit))") { v, step in SVGChart.number(v, step: step) }
        // A fraction (utilisation, time paused) is of its interval; clipped at 100 % against floating-point rounding.
        func points(_ s: TimeSeries) -> [(x: Double, y: Double)] {
            let cap = s.descriptor.unit == "fraction" ? 1.0 : .infinity
            return s.values.enumerated().compactMap { i, v in
                v.isFinite ? (set.time(ofPoint: i).seconds / divisor, min(v, cap)) : nil
            }
        }
        func figure(
            _ title: String, _ members: [TimeSeries], caption: String, yMax: Double? = nil, yTitle: String? = nil
        ) -> String {
            let lines = members.enumerated().map { i, s in
                SVGChart.Series(
                    label: s.descriptor.subject ?? s.descriptor.name, points: points(s),
                    colour: SVGChart.palette[i % SVGChart.palette.count])
            }
            let first = members[0].descriptor
            let chart = SVGChart.lines(
                lines, x: xScale,
                y: SVGChart.scale(
                    unit: first.unit, title: yTitle ?? first.name.replacingOccurrences(of: "_", with: " ")),
                yMax: yMax, description: title)
            let legend = members.count > 1 || members[0].descriptor.subject != nil ? lines : []
            return HTMLReport.figure(title: title, caption: caption, chart: chart, legend: legend)
        }

        var figures: [String] = []
        var done: Set<String> = []
        let groups = set.groups
        // Utilisation by tier first, then the deepest queues.
        if let utilisation = groups.first(where: { $0.name == "utilisation" }) {
            figures.append(
                figure(
                    "Link utilisation by tier", Array(utilisation.members.prefix(8)),
                    caption: "mean over the ports of each tier and direction", yMax: 1))
            done.insert("utilisation")
        }
        for group in groups
        where !done.contains(group.name) && group.members.contains(where: { $0.descriptor.subject != nil }) {
            done.insert(group.name)
            let live = group.members.filter { ($0.maximum ?? 0) != 0 }
            guard !live.isEmpty else { continue }
            let worst = TraceDocument.worst(live, count: linesPerChart)
            let title =
                group.name == "queue_bytes"
                ? "Queue depth over time"
                : group.name == "paused"
                    ? "Time paused by PFC" : group.name.replacingOccurrences(of: "_", with: " ").capitalizedFirst
            figures.append(figure(title, worst, caption: "the \(worst.count) highest peaks of \(group.members.count)"))
        }
        // Congestion signals together, then every other model-wide series that moved.
        let signals = set.series.filter {
            ["drops", "ecn_marks", "pause_frames"].contains($0.descriptor.name) && $0.descriptor.subject == nil
        }
        if signals.contains(where: { ($0.maximum ?? 0) != 0 }) {
            figures.append(
                figure(
                    "Drops, ECN marks and pause frames", signals, caption: "per second of simulated time",
                    yTitle: "events"))
        }
        for s in set.series where s.descriptor.subject == nil && !signals.contains(s) && (s.maximum ?? 0) != 0 {
            figures.append(
                figure(
                    s.descriptor.name.replacingOccurrences(of: "_", with: " ").capitalizedFirst, [s],
                    caption: s.descriptor.kind == .rate ? "per second, averaged over each interval" : "at each sample"))
        }
        return figures
    }

    // MARK: Tables

    static func tablesSection(_ metrics: ResultObject) -> String {
        var out = ""
        func walk(_ object: ResultObject, prefix: String) {
            for (key, value) in object.entries {
                let name = prefix.isEmpty ? key : "\(prefix).\(key)"
                switch value {
                case .object(let nested): walk(nested, prefix: name)
                case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.objectValue != nil }):
                    out += table(name, items.compactMap(\.objectValue))
                default: continue
                }
            }
        }
        walk(metrics, prefix: "")
        return out
    }

    static func table(_ name: String, _ rows: [ResultObject]) -> String {
        var columns: [String] = []
        for row in rows { for k in row.entries.map(\.key) where !columns.contains(k) { columns.append(k) } }
        var out = "<h3>\(esc(name)) <span class=\"count\">\(TerminalSummary.grouped(rows.count)) rows</span></h3>\n"
        out +=
            "<div class=\"table-wrap\"><table>\n<thead><tr>" + columns.map { "<th>\(esc($0))</th>" }.joined()
            + "</tr></thead>\n<tbody>\n"
        for row in rows.prefix(tableRows) {
            out +=
                "<tr>" + columns.map { "<td>\(row[$0].map { esc(display($0, key: "")) } ?? "")</td>" }.joined()
                + "</tr>\n"
        }
        out += "</tbody></table></div>\n"
        if rows.count > tableRows {
            out +=
                "<p class=\"note\">The first \(tableRows) rows; all \(TerminalSummary.grouped(rows.count)) are in \(esc(name)).csv.</p>\n"
        }
        return out
    }

    // MARK: Text

    package static func display(_ value: ResultValue, key: String) -> String {
        switch value {
        case .int(let i): TerminalSummary.grouped(i)
        case .double(let d): d.isFinite ? TerminalSummary.compact(d) : "n/a"
        case .string(let s): s
        case .bool(let b): b ? "yes" : "no"
        case .null: "n/a"
        case .array, .object: JSONWriter.compact(value)
        }
    }

    /// The scenario echo written back as YAML, so it reads like the file it came from.
    static func yaml(_ object: ResultObject, indent: Int) -> String {
        var out = ""
        let pad = String(repeating: "  ", count: indent)
        for (key, value) in object.entries {
            switch value {
            case .object(let nested) where !nested.entries.isEmpty:
                out += "\(pad)\(key):\n" + yaml(nested, indent: indent + 1)
            case .array(let items) where items.contains(where: { $0.objectValue != nil }):
                out += "\(pad)\(key):\n"
                for item in items {
                    let body = yaml(item.objectValue ?? ResultObject(), indent: indent + 2)
                    out += "\(pad)  - " + body.drop(while: { $0 == " " })
                }
            default:
                out += "\(pad)\(key): \(scalar(value))\n"
            }
        }
        return out
    }

    static func scalar(_ value: ResultValue) -> String {
        switch value {
        case .array(let items): "[" + items.map(scalar).joined(separator: ", ") + "]"
        case .object: "{}"
        case .string(let s): s
        default: JSONWriter.compact(value)
        }
    }

    /// `credit_stall_us` → `credit stall (µs)`.
    static func readable(_ column: String) -> String {
        guard let unit = durationUnit(column) else { return column.replacingOccurrences(of: "_", with: " ") }
        let stem = column.dropLast(
            column.hasSuffix("_s") && !column.hasSuffix("_us") && !column.hasSuffix("_ms")
                && !column.hasSuffix("_ns") ? 2 : 3)
        return stem.replacingOccurrences(of: "_", with: " ") + " (\(unit))"
    }

    package static func grid(_ figures: [String]) -> String { "<div class=\"grid\">\n" + figures.joined() + "</div>\n" }

    package static func esc(_ text: String) -> String { SVGChart.escape(text) }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension ByteCount {
    /// Three significant digits in decimal units: 30.6 KB, 1.2 MB.
    var roundedText: String {
        let b = Double(bytes)
        if b >= 1e9 { return String(format: "%.3g GB", b / 1e9) }
        if b >= 1e6 { return String(format: "%.3g MB", b / 1e6) }
        if b >= 1e3 { return String(format: "%.3g KB", b / 1e3) }
        return "\(bytes) B"
    }
}
