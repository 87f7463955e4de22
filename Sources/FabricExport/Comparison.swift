import FabricMetrics
import Foundation

/// Which way a metric should move: decides whether a change beyond tolerance is a regression.
public enum MetricDirection: String, Sendable {
    case lowerIsBetter = "lower"
    case higherIsBetter = "higher"
    /// No known better direction: any change beyond tolerance counts against the new run.
    case either

    /// A guess from the metric's name, following the naming rules of docs/results-format.md: throughput,
    /// bandwidth, utilisation and busy fractions should not fall; times, stalls, drops, pauses, queues, buffers and
    /// slowdowns should not rise. Anything else may not move either way.
    public static func guess(for metric: String) -> MetricDirection {
        let name = metric.lowercased()
        let higher = [
            "throughput", "goodput", "busbw", "algbw", "bandwidth", "utilisation", "utilization", "gpu_busy",
            "_gbps", "_per_s", "efficiency",
        ]
        let lower = [
            "time", "stall", "drop", "pause", "buffer", "retrans", "timeout", "nack", "slowdown", "queue", "latency",
            "fct",
            "ecn", "cnp", "loss", "exposed",
        ]
        let durations = ["_us", "_ms", "_ns", "_s"]
        if higher.contains(where: { name.contains($0) }) { return .higherIsBetter }
        if lower.contains(where: { name.contains($0) }) || durations.contains(where: { name.hasSuffix($0) }) {
            return .lowerIsBetter
        }
        return .either
    }
}

/// How far a metric may move before it counts: relative (`2%`), absolute (`0.5`), or not compared (`ignore`).
public struct Tolerance: Sendable, Equatable, CustomStringConvertible {
    public var relative: Double
    public var absolute: Double
    public var ignored: Bool
    /// Overrides the direction guessed from the metric's name.
    public var direction: MetricDirection?

    public init(relative: Double = 0, absolute: Double = 0, ignored: Bool = false, direction: MetricDirection? = nil) {
        self.relative = relative
        self.absolute = absolute
        self.ignored = ignored
        self.direction = direction
    }

    /// Reads `2%`, `0.5`, `ignore`, optionally followed by `lower`, `higher` or `either`; nil when the text is none
    /// of these (`Tolerance.parse` says why).
    public init?(parsing text: String) {
        guard case .success(let tolerance) = Self.parse(text) else { return nil }
        self = tolerance
    }

    /// Reads a tolerance, or says what is wrong with the text: a negative tolerance is refused on its own terms
    /// (a tolerance is the size of a change allowed, so `-5%` means nothing; the direction is a separate word).
    public static func parse(_ text: String) -> Result<Tolerance, ToleranceRules.ParseError> {
        let words = text.split(separator: " ").map(String.init)
        let expected = "expected a tolerance such as 2%, 0.5 or ignore, optionally followed by lower, higher or either"
        guard let first = words.first, words.count <= 2 else {
            return .failure(.init(description: "found '\(text)'; \(expected)"))
        }
        var tolerance = Tolerance()
        if words.count == 2 {
            guard let d = MetricDirection(rawValue: words[1]) else {
                return .failure(
                    .init(description: "found '\(words[1])' after '\(first)'; expected lower, higher or either"))
            }
            tolerance.direction = d
        }
        if first == "ignore" {
            tolerance.ignored = true
            return .success(tolerance)
        }
        let relative = first.hasSuffix("%")
        guard let v = Double(relative ? String(first.dropLast()) : first), v.isFinite else {
            return .failure(.init(description: "found '\(text)'; \(expected)"))
        }
        guard v >= 0 else {
            let magnitude = String(first.dropFirst())
            return .failure(
                .init(
                    description:
                        "found '\(first)': a tolerance is the size of the change allowed and cannot be negative; "
                        + "write \(magnitude) to allow a change of that size, and add lower or higher to say which way is better"
                ))
        }
        if relative { tolerance.relative = v / 100 } else { tolerance.absolute = v }
        return .success(tolerance)
    }

    public var description: String {
        if ignored { return "ignored" }
        var parts: [String] = []
        if relative > 0 || absolute == 0 { parts.append(Self.format(relative * 100) + " %") }
        if absolute > 0 { parts.append("±" + Self.format(absolute)) }
        return parts.joined(separator: " ")
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.4g", v)
    }

    /// Whether moving from `a` to `b` stays within this tolerance.
    public func allows(from a: Double, to b: Double) -> Bool {
        abs(b - a) <= max(absolute, relative * abs(a))
    }
}

/// Tolerances by metric: a default and rules whose pattern (`*` matches any text) names metrics. The last
/// rule that matches wins, so rules from the command line, read after the file, override it.
public struct ToleranceRules: Sendable {
    public var defaultTolerance: Tolerance
    /// Each rule with where it was written (`--tolerance-for`, `file:line`).
    public private(set) var rules: [(pattern: String, tolerance: Tolerance, origin: String)] = []

    public init(defaultTolerance: Tolerance = Tolerance(relative: 0.02)) {
        self.defaultTolerance = defaultTolerance
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Adds `pattern=tolerance` (or `pattern: tolerance`); the pattern `default` sets the default.
    public mutating func add(_ rule: String, origin: String) throws(ParseError) {
        guard let separator = rule.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
            throw ParseError(
                description: "\(origin): found '\(rule)'; expected metric=tolerance, e.g. fct_p99_us=5% or 'step_*=1%'")
        }
        let pattern = rule[..<separator].trimmingCharacters(in: .whitespaces)
        let value = rule[rule.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        guard !pattern.isEmpty else {
            throw ParseError(
                description: "\(origin): found '\(rule)'; expected a metric or pattern before '\(rule[separator])'")
        }
        let tolerance: Tolerance
        switch Tolerance.parse(value) {
        case .success(let t): tolerance = t
        case .failure(let error): throw ParseError(description: "\(origin): '\(pattern)': \(error.description)")
        }
        if pattern == "default" { defaultTolerance = tolerance } else { rules.append((pattern, tolerance, origin)) }
    }

    /// Reads a tolerance file: one rule per line, `#` starts a comment.
    public mutating func add(file text: String, name: String) throws(ParseError) {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line =
                raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            try add(line, origin: "\(name):\(n + 1)")
        }
    }

    /// The rules whose pattern names none of `metrics`: a typo in a CI gate's rule would otherwise switch the gate
    /// off for the metric it meant without a word.
    public func unmatched(among metrics: [String]) -> [(pattern: String, origin: String)] {
        rules.filter { rule in !metrics.contains { Self.matches($0, pattern: rule.pattern) } }.map {
            ($0.pattern, $0.origin)
        }
    }

    public func tolerance(for metric: String) -> Tolerance {
        rules.last { Self.matches(metric, pattern: $0.pattern) }?.tolerance ?? defaultTolerance
    }

    /// Glob matching with `*` only.
    static func matches(_ text: String, pattern: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return text == pattern }
        guard text.hasPrefix(parts[0]), text.hasSuffix(parts[parts.count - 1]),
            text.count >= parts[0].count + parts[parts.count - 1].count
        else { return false }
        var rest = Substring(text.dropFirst(parts[0].count).dropLast(parts[parts.count - 1].count))
        for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
            guard let range = rest.range(of: middle) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}

/// Two summaries compared metric by metric.
public struct Comparison: Sendable {
    public enum Verdict: String, Sendable {
        case same, within, better, worse, changed, ignored
        case removed = "missing"
        case added = "new"

        /// Whether this verdict fails the comparison.
        public var isRegression: Bool { self == .worse || self == .changed || self == .removed }
    }

    public struct Row: Sendable {
        public var metric: String
        public var baseline: ResultValue?
        public var new: ResultValue?
        public var tolerance: Tolerance
        public var direction: MetricDirection
        public var verdict: Verdict

        /// (new − baseline) / |baseline|, when both are numbers and the baseline is not zero.
        public var relativeChange: Double? {
            guard let a = baseline?.doubleValue, let b = new?.doubleValue, a != 0 else { return nil }
            return (b - a) / abs(a)
        }
    }

    public var rows: [Row]
    public var notes: [String]

    public var regressions: [Row] { rows.filter(\.verdict.isRegression) }

    /// Why two summaries cannot be compared at all, or nil. Runs of different models (a training job and a
    /// network scenario) share almost no metric: every one would read as missing or new, and calling that a
    /// regression would be wrong. Different scenarios of one model are compared (ECMP against adaptive routing is
    /// what `compare` is for), with a note.
    public static func refusal(baseline: ResultValue, new: ResultValue) -> String? {
        let a = baseline["run"]?["model"]
        let b = new["run"]?["model"]
        guard a != b else { return nil }
        return "the summaries are of different models (\(text(a)) and \(text(b))): their metrics cannot be compared; "
            + "compare two runs of the same model"
    }

    /// Every metric either summary has, in the table's order: what a tolerance rule's pattern may name.
    public var metrics: [String] { rows.map(\.metric) }

    /// Compares the scalar metrics of two summary.json documents (nested groups as `group.key`; tables and
    /// `theory_` values are left out) and whether their checks passed.
    public static func compare(baseline: ResultValue, new: ResultValue, rules: ToleranceRules) -> Comparison {
        var notes: [String] = []
        if baseline["schema"] != new["schema"] {
            notes.append("the summaries have different schemas: \(text(baseline["schema"])) and \(text(new["schema"]))")
        }
        if baseline["scenario"] != new["scenario"] {
            notes.append("the scenarios differ: \(text(baseline["scenario"])) and \(text(new["scenario"]))")
        }
        if case .string(let a)? = baseline["run"]?["fingerprint"], case .string(let b)? = new["run"]?["fingerprint"] {
            notes.append(
                a == b
                    ? "fingerprints equal (\(a)): the runs handled the same events"
                    : "fingerprints differ (\(a), \(b)): the runs handled different events")
        }

        var a = flatten(baseline["metrics"]?.objectValue ?? ResultObject())
        var b = flatten(new["metrics"]?.objectValue ?? ResultObject())
        a.append(("checks_passed", baseline["run"]?["checks_passed"] ?? .null))
        b.append(("checks_passed", new["run"]?["checks_passed"] ?? .null))
        let newValues = Dictionary(b.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        let baselineKeys = Set(a.map(\.0))

        var rows: [Row] = []
        for (metric, value) in a {
            let tolerance = rules.tolerance(for: metric)
            let direction =
                metric == "checks_passed" ? .higherIsBetter : tolerance.direction ?? MetricDirection.guess(for: metric)
            var row = Row(
                metric: metric, baseline: value, new: newValues[metric], tolerance: tolerance, direction: direction,
                verdict: .same)
            row.verdict = verdict(row)
            rows.append(row)
        }
        for (metric, value) in b where !baselineKeys.contains(metric) {
            let tolerance = rules.tolerance(for: metric)
            rows.append(
                Row(
                    metric: metric, baseline: nil, new: value, tolerance: tolerance,
                    direction: tolerance.direction ?? MetricDirection.guess(for: metric),
                    verdict: tolerance.ignored ? .ignored : .added))
        }
        return Comparison(rows: rows, notes: notes)
    }

    static func verdict(_ row: Row) -> Verdict {
        if row.tolerance.ignored { return .ignored }
        guard let new = row.new else { return .removed }
        guard let old = row.baseline else { return .added }
        if case .bool(let x) = old, case .bool(let y) = new {
            if x == y { return .same }
            return y ? .better : .worse
        }
        guard let x = old.doubleValue, let y = new.doubleValue else {
            return old == new ? .same : (new == .null ? .worse : .changed)
        }
        if x == y { return .same }
        if row.tolerance.allows(from: x, to: y) { return .within }
        switch row.direction {
        case .lowerIsBetter: return y < x ? .better : .worse
        case .higherIsBetter: return y > x ? .better : .worse
        case .either: return .changed
        }
    }

    /// Scalars of an object, in order, nested objects as `key.subkey`; tables and `theory_` values left out.
    static func flatten(_ object: ResultObject, prefix: String = "") -> [(String, ResultValue)] {
        var out: [(String, ResultValue)] = []
        for (key, value) in object.entries where !key.hasPrefix("theory_") {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .object(let nested): out += flatten(nested, prefix: path)
            case .array: continue
            default: out.append((path, value))
            }
        }
        return out
    }

    static func text(_ value: ResultValue?) -> String {
        switch value {
        case .string(let s)?: s
        case nil: "none"
        case let v?: JSONWriter.compact(v)
        }
    }

    /// The headline figures a summary's scenario names (`output.metrics` in its echo); empty when it names none.
    public static func headline(of summary: ResultValue) -> [String] {
        guard case .array(let names)? = summary["scenario_echo"]?["output"]?["metrics"] else { return [] }
        return names.compactMap { if case .string(let name) = $0 { name } else { nil } }
    }

    /// The table of changes: the `headline` figures first, whatever their verdict, then every other row with
    /// `all`, otherwise those that are not the same.
    public func table(all: Bool, headline: [String] = []) -> String {
        var lines: [[String]] = [["metric", "baseline", "new", "change", "tolerance", "verdict"]]
        let first = headline.compactMap { name in rows.first { $0.metric == name } }
        for row in first + rows.filter({ !headline.contains($0.metric) })
        where all || headline.contains(row.metric)
            || (row.verdict != .same && row.verdict != .ignored)
        {
            let change = row.relativeChange.map { String(format: "%+.2f %%", $0 * 100) } ?? ""
            lines.append([
                row.metric, row.baseline.map(Self.cell) ?? "—", row.new.map(Self.cell) ?? "—", change,
                row.tolerance.description, row.verdict.rawValue + (row.verdict.isRegression ? " ✗" : ""),
            ])
        }
        guard lines.count > 1 else { return "" }
        return TerminalSummary.table(lines)
    }

    static func cell(_ value: ResultValue) -> String {
        switch value {
        case .int(let i): String(i)
        case .double(let d): d.isFinite ? String(format: "%.6g", d) : "null"
        case .string(let s): s
        case .bool(let b): String(b)
        case .null: "null"
        case .array, .object: JSONWriter.compact(value)
        }
    }

    /// "compared 23 metrics: 20 same, 1 within tolerance, ...".
    public var tally: String {
        let order: [(Verdict, String)] = [
            (.same, "same"), (.within, "within tolerance"), (.better, "better"), (.worse, "worse"),
            (.changed, "changed"), (.removed, "missing in the new run"), (.added, "new"),
            (.ignored, "ignored"),
        ]
        let parts = order.compactMap { verdict, label in
            let n = rows.filter { $0.verdict == verdict }.count
            return n > 0 ? "\(n) \(label)" : nil
        }
        return "compared \(rows.count) metrics: " + parts.joined(separator: ", ")
    }

    /// One line per regression, naming the metric and why.
    public var regressionLines: [String] {
        regressions.map { row in
            switch row.verdict {
            case .removed: return "regression: \(row.metric) is missing in the new run"
            case .changed where row.relativeChange == nil:
                return "regression: \(row.metric) changed from \(Self.text(row.baseline)) to \(Self.text(row.new))"
            default:
                let change =
                    row.relativeChange.map { String(format: "%+.2f %%", $0 * 100) }
                    ?? "from \(Self.cell(row.baseline ?? .null)) to \(Self.cell(row.new ?? .null))"
                let why =
                    switch row.direction {
                    case .lowerIsBetter: "should not rise"
                    case .higherIsBetter: "should not fall"
                    case .either: "should not move"
                    }
                return
                    "regression: \(row.metric) \(change) (\(Self.cell(row.baseline ?? .null)) → \(Self.cell(row.new ?? .null))); "
                    + "tolerance \(row.tolerance), it \(why)"
            }
        }
    }
}
