import Foundation

/// Small inline-SVG charts for report.html: lines, step lines (CDFs), histograms and horizontal bars, with
/// "nice" axis ticks (1, 2 or 5 × 10^k). No scripts and no external resources: a chart is a string of markup.
package enum SVGChart {
    /// Okabe and Ito's palette, distinguishable with the common colour-vision deficiencies.
    package static let palette = [
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D1F", "#444444",
    ]

    package struct Series {
        var label: String
        var points: [(x: Double, y: Double)]
        var colour: String
        /// Drawn as a staircase (a CDF) rather than straight segments.
        var steps = false
        /// An interval around each point (a confidence interval), drawn as a whisker; empty for none, else one
        /// entry per point, nil where a point has none.
        var intervals: [(low: Double, high: Double)?] = []

        package init(
            label: String, points: [(x: Double, y: Double)], colour: String, steps: Bool = false,
            intervals: [(low: Double, high: Double)?] = []
        ) {
            precondition(intervals.isEmpty || intervals.count == points.count)
            self.label = label
            self.points = points
            self.colour = colour
            self.steps = steps
            self.intervals = intervals
        }
    }

    /// A vertical line with a label at the top: P50, P99.
    package struct Marker {
        var x: Double
        var label: String
        var colour = "#D55E00"
    }

    /// How an axis prints its values.
    package struct Scale {
        var title: String
        var format: (Double, Double) -> String
    }

    static let width = 680.0
    static let height = 300.0
    static let left = 86.0
    static let right = 18.0
    static let top = 22.0
    static let bottom = 48.0

    // MARK: Axes

    /// Tick positions covering [lo, hi] with about `count` ticks at 1, 2 or 5 × 10^k.
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 6) -> (
        lo: Double, hi: Double, step: Double, ticks: [Double]
    ) {
        var lo = lo
        var hi = hi
        if !(hi > lo) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.5
            lo -= lo == 0 ? 0 : pad
            hi += pad
        }
        let raw = (hi - lo) / Double(max(1, count - 1))
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
        let first = floor(lo / step + 1e-9) * step
        let last = ceil(hi / step - 1e-9) * step
        var ticks: [Double] = []
        var v = first
        while v <= last + step * 1e-6, ticks.count < 40 {
            ticks.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return (first, last, step, ticks)
    }

    /// A number with the fewest decimals that tell ticks `step` apart, with k/M/G for large values.
    static func number(_ v: Double, step: Double, unit: String = "") -> String {
        let magnitude = max(abs(v), abs(step))
        let (scale, prefix): (Double, String) =
            magnitude >= 1e9
            ? (1e9, "G")
            : magnitude >= 1e6
                ? (1e6, "M")
                : magnitude >= 1e4 ? (1e3, "k") : (1, "")
        let decimals = max(0, min(6, Int(-floor(log10(step / scale) + 1e-9))))
        let text = String(format: "%.\(decimals)f", v / scale)
        let spacer = unit.isEmpty ? "" : " "
        return text + (prefix.isEmpty && unit.isEmpty ? "" : spacer + prefix + unit)
    }

    /// The axis scale for a unit of the results: bytes, bit/s, fractions (as %), counts per second.
    package static func scale(unit: String, title: String) -> Scale {
        switch unit {
        case "fraction":
            return Scale(title: title + " (%)") { v, step in number(v * 100, step: step * 100) }
        case "bytes":
            return Scale(title: title) { v, step in number(v, step: step, unit: "B") }
        case "bit/s":
            return Scale(title: title) { v, step in number(v, step: step, unit: "b/s") }
        case "":
            return Scale(title: title) { v, step in number(v, step: step) }
        default:
            return Scale(title: "\(title) (\(unit))") { v, step in number(v, step: step) }
        }
    }

    /// Seconds shown in the unit that suits `largest`: (divisor, unit name).
    static func timeUnit(forLargest largest: Double) -> (Double, String) {
        if largest >= 1 { return (1, "s") }
        if largest >= 1e-3 { return (1e-3, "ms") }
        if largest >= 1e-6 { return (1e-6, "µs") }
        return (1e-9, "ns")
    }

    // MARK: Charts

    /// Lines (or staircases) over a shared x axis; the y axis starts at zero unless values are negative.
    package static func lines(
        _ series: [Series], x: Scale, y: Scale, markers: [Marker] = [], yMax: Double? = nil,
        description: String
    ) -> String {
        let xs = series.flatMap { $0.points.map(\.x) } + markers.map(\.x)
        let ys = series.flatMap { $0.points.map(\.y) + $0.intervals.flatMap { $0.map { [$0.low, $0.high] } ?? [] } }
        guard let xMin = xs.min(), let xMaxValue = xs.max(), let yHigh = ys.max() else { return "" }
        let xa = ticks(xMin, xMaxValue, count: 7)
        let ya = ticks(min(0, ys.min() ?? 0), max(yMax ?? yHigh, yHigh), count: 6)
        var out = open(description)
        out += grid(xa: xa, ya: ya, x: x, y: y)
        for s in series {
            out += "<polyline class=\"line\" fill=\"none\" stroke=\"\(s.colour)\" points=\""
            var previous: (Double, Double)?
            var coordinates: [String] = []
            for p in s.points {
                let px = mapX(p.x, xa)
                let py = mapY(p.y, ya)
                if s.steps, let (_, qy) = previous { coordinates.append(fmt(px) + "," + fmt(qy)) }
                coordinates.append(fmt(px) + "," + fmt(py))
                previous = (px, py)
            }
            out += coordinates.joined(separator: " ") + "\"><title>\(escape(s.label))</title></polyline>\n"
            for (p, interval) in zip(s.points, s.intervals) {
                guard let interval else { continue }
                let px = mapX(p.x, xa)
                let (low, high) = (fmt(mapY(interval.low, ya)), fmt(mapY(interval.high, ya)))
                out +=
                    "<path class=\"whisker\" stroke=\"\(s.colour)\" d=\"M\(fmt(px)) \(low)V\(high)M\(fmt(px - 3)) \(low)H\(fmt(px + 3))"
                    + "M\(fmt(px - 3)) \(high)H\(fmt(px + 3))\"/>\n"
            }
        }
        out += markerLines(markers, xa: xa)
        return out + "</svg>\n"
    }

    /// Bars of counts per bin.
    static func histogram(
        _ bins: [(lo: Double, hi: Double, count: Int)], x: Scale, markers: [Marker], colour: String,
        description: String
    ) -> String {
        guard let first = bins.first, let last = bins.last else { return "" }
        let xa = ticks(first.lo, last.hi, count: 7)
        let ya = ticks(0, Double(bins.map(\.count).max() ?? 1), count: 5)
        var out = open(description)
        out += grid(xa: xa, ya: ya, x: x, y: Scale(title: "count") { v, step in number(v, step: max(1, step)) })
        for bin in bins where bin.count > 0 {
            let x0 = mapX(bin.lo, xa)
            let x1 = mapX(bin.hi, xa)
            let y0 = mapY(Double(bin.count), ya)
            out +=
                "<rect fill=\"\(colour)\" opacity=\"0.85\" x=\"\(fmt(x0 + 0.5))\" y=\"\(fmt(y0))\" "
                + "width=\"\(fmt(max(0.5, x1 - x0 - 1)))\" height=\"\(fmt(height - bottom - y0))\">"
                + "<title>\(bin.count)</title></rect>\n"
        }
        out += markerLines(markers, xa: xa)
        return out + "</svg>\n"
    }

    /// Horizontal bars, largest first, labelled on the left and valued on the right.
    package static func bars(
        _ rows: [(label: String, value: Double)], format: (Double) -> String, colour: String,
        description: String
    ) -> String {
        guard !rows.isEmpty else { return "" }
        let rowHeight = 22.0
        let labelWidth = 190.0
        let valueWidth = 90.0
        let h = Double(rows.count) * rowHeight + 8
        let largest = max(rows.map(\.value).max() ?? 1, 1e-300)
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 \(fmt(width)) \(fmt(h))\" role=\"img\" aria-label=\"\(escape(description))\">\n"
        for (i, row) in rows.enumerated() {
            let y = 4 + Double(i) * rowHeight
            let w = max(1, (width - labelWidth - valueWidth - 12) * row.value / largest)
            out +=
                "<text class=\"label\" x=\"\(fmt(labelWidth - 8))\" y=\"\(fmt(y + 15))\" text-anchor=\"end\">\(escape(clip(row.label, 30)))</text>"
            out +=
                "<rect fill=\"\(colour)\" x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(w))\" height=\"\(fmt(rowHeight - 6))\" rx=\"2\">"
            out += "<title>\(escape(row.label)): \(escape(format(row.value)))</title></rect>"
            out +=
                "<text class=\"value\" x=\"\(fmt(labelWidth + w + 6))\" y=\"\(fmt(y + 15))\">\(escape(format(row.value)))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// Horizontal bars made of segments (a step's compute, then its wait), on one shared scale, with a note
    /// after each bar.
    static func stackedBars(
        _ rows: [(label: String, segments: [(value: Double, colour: String)], note: String)],
        description: String
    ) -> String {
        guard !rows.isEmpty else { return "" }
        // Drawn across the whole card, so on a wider canvas than the half-width charts, to keep text the same size.
        let width = 1100.0
        let rowHeight = 22.0
        let labelWidth = 80.0
        let noteWidth = 360.0
        let h = Double(rows.count) * rowHeight + 8
        let largest = max(rows.map { $0.segments.reduce(0) { $0 + $1.value } }.max() ?? 1, 1e-300)
        let span = width - labelWidth - noteWidth - 12
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 \(fmt(width)) \(fmt(h))\" role=\"img\" aria-label=\"\(escape(description))\">\n"
        for (i, row) in rows.enumerated() {
            let y = 4 + Double(i) * rowHeight
            out +=
                "<text class=\"label\" x=\"\(fmt(labelWidth - 8))\" y=\"\(fmt(y + 15))\" text-anchor=\"end\">\(escape(row.label))</text>"
            var x = labelWidth
            for segment in row.segments where segment.value > 0 {
                let w = span * segment.value / largest
                out +=
                    "<rect fill=\"\(segment.colour)\" x=\"\(fmt(x))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(max(0.5, w)))\" "
                    + "height=\"\(fmt(rowHeight - 6))\"><title>\(escape(String(format: "%.4g", segment.value)))</title></rect>"
                x += w
            }
            out +=
                "<text class=\"value\" x=\"\(fmt(x + 6))\" y=\"\(fmt(y + 15))\">\(escape(clip(row.note, 60)))</text>\n"
        }
        return out + "</svg>\n"
    }

    // MARK: Pieces

    static func open(_ description: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" aria-label=\"\(escape(description))\">\n"
    }

    static func mapX(_ v: Double, _ a: (lo: Double, hi: Double, step: Double, ticks: [Double])) -> Double {
        left + (v - a.lo) / (a.hi - a.lo) * (width - left - right)
    }

    static func mapY(_ v: Double, _ a: (lo: Double, hi: Double, step: Double, ticks: [Double])) -> Double {
        height - bottom - (v - a.lo) / (a.hi - a.lo) * (height - top - bottom)
    }

    static func grid(
        xa: (lo: Double, hi: Double, step: Double, ticks: [Double]),
        ya: (lo: Double, hi: Double, step: Double, ticks: [Double]),
        x: Scale, y: Scale
    ) -> String {
        var out = "<g class=\"grid\">"
        for t in ya.ticks {
            let py = fmt(mapY(t, ya))
            out += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(py)\" y2=\"\(py)\"/>"
            out +=
                "<text class=\"tick\" x=\"\(fmt(left - 6))\" y=\"\(py)\" dy=\"0.32em\" text-anchor=\"end\">\(escape(y.format(t, ya.step)))</text>"
        }
        for t in xa.ticks {
            let px = fmt(mapX(t, xa))
            out += "<line class=\"x\" x1=\"\(px)\" x2=\"\(px)\" y1=\"\(fmt(top))\" y2=\"\(fmt(height - bottom))\"/>"
            out +=
                "<text class=\"tick\" x=\"\(px)\" y=\"\(fmt(height - bottom + 16))\" text-anchor=\"middle\">\(escape(x.format(t, xa.step)))</text>"
        }
        out += "</g>\n"
        out +=
            "<line class=\"axis\" x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(height - bottom))\" y2=\"\(fmt(height - bottom))\"/>\n"
        out +=
            "<text class=\"axis-title\" x=\"\(fmt((left + width - right) / 2))\" y=\"\(fmt(height - 8))\" text-anchor=\"middle\">\(escape(x.title))</text>\n"
        out +=
            "<text class=\"axis-title\" transform=\"translate(14 \(fmt((top + height - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(y.title))</text>\n"
        return out
    }

    static func markerLines(_ markers: [Marker], xa: (lo: Double, hi: Double, step: Double, ticks: [Double])) -> String
    {
        var out = ""
        for (i, m) in markers.enumerated() {
            let px = mapX(m.x, xa)
            let anchor = px > width - 140 ? "end" : "start"
            let dx = anchor == "end" ? -4.0 : 4.0
            out +=
                "<line class=\"marker\" stroke=\"\(m.colour)\" x1=\"\(fmt(px))\" x2=\"\(fmt(px))\" y1=\"\(fmt(top))\" y2=\"\(fmt(height - bottom))\"/>"
            out +=
                "<text class=\"marker-label\" fill=\"\(m.colour)\" x=\"\(fmt(px + dx))\" y=\"\(fmt(top + 12 + Double(i) * 14))\" "
                + "text-anchor=\"\(anchor)\">\(escape(m.label))</text>\n"
        }
        return out
    }

    static func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func clip(_ text: String, _ n: Int) -> String { text.count <= n ? text : String(text.prefix(n - 1)) + "…" }

    /// Text for HTML and SVG: the five characters with a meaning escaped.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
