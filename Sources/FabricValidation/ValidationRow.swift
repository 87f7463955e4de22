/// One line of a validation table: a simulated figure set against its reference, and whether the difference is
/// within the row's tolerance.
public struct ValidationRow: Sendable {
    /// What is compared (e.g. "ring, 64 GPUs, 16 MiB").
    public var label: String
    public var simulated: String
    public var reference: String
    public var difference: String
    public var tolerance: String
    public var verdict: Verdict

    public init(
        label: String, simulated: String, reference: String, difference: String, tolerance: String, verdict: Verdict
    ) {
        self.label = label
        self.simulated = simulated
        self.reference = reference
        self.difference = difference
        self.tolerance = tolerance
        self.verdict = verdict
    }

    /// A relative comparison: passes when |simulated − reference| ÷ reference ≤ tolerance. A known miss (with its
    /// reason) is reported as such instead of failing the page.
    public static func relative(
        _ label: String, simulated: Double, reference: Double, tolerance: Double, unit: String,
        digits: Int = 1, knownMiss: String? = nil
    ) -> ValidationRow {
        let difference = reference != 0 ? (simulated - reference) / reference : .infinity
        let passed = abs(difference) <= tolerance
        return ValidationRow(
            label: label, simulated: Format.number(simulated, digits: digits) + unit,
            reference: Format.number(reference, digits: digits) + unit, difference: Format.percent(difference),
            tolerance: "± " + Format.trimmed(Format.percent(tolerance, signed: false)),
            verdict: passed ? .pass : knownMiss.map { .knownMiss($0) } ?? .fail)
    }

    /// A figure that must lie in [low, high].
    public static func within(
        _ label: String, simulated: Double, low: Double, high: Double, unit: String, digits: Int = 1,
        knownMiss: String? = nil
    ) -> ValidationRow {
        let passed = simulated >= low && simulated <= high
        let difference = simulated < low ? (simulated - low) / low : simulated > high ? (simulated - high) / high : 0
        return ValidationRow(
            label: label, simulated: Format.number(simulated, digits: digits) + unit,
            reference: "\(Format.number(low, digits: digits))–\(Format.number(high, digits: digits))\(unit)",
            difference: difference == 0 ? "inside" : Format.percent(difference) + " outside",
            tolerance: "the range", verdict: passed ? .pass : knownMiss.map { .knownMiss($0) } ?? .fail)
    }

    /// A qualitative property (an ordering, a count being zero) that holds or not.
    public static func holds(
        _ label: String, simulated: String, reference: String, _ passed: Bool, knownMiss: String? = nil
    ) -> ValidationRow {
        ValidationRow(
            label: label, simulated: simulated, reference: reference,
            difference: passed ? "as expected" : "not as expected",
            tolerance: "exact", verdict: passed ? .pass : knownMiss.map { .knownMiss($0) } ?? .fail)
    }
}

/// Whether a row passes its tolerance.
public enum Verdict: Sendable, Equatable {
    case pass
    case fail
    /// Outside its tolerance for a reason the page explains: reported, but it does not fail `make validate`.
    case knownMiss(String)

    public var isFailure: Bool { self == .fail }

    var text: String {
        switch self {
        case .pass: "pass"
        case .fail: "**FAIL**"
        case .knownMiss(let reason): "does not pass: \(reason)"
        }
    }
}

/// How figures are printed in the tables: fixed digits, so that regenerating an unchanged model changes no byte.
enum Format {
    static func number(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "—" }
        var text = String(Int64((abs(value) * pow10(digits)).rounded()))
        while text.count <= digits { text = "0" + text }
        if digits > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -digits)) }
        let sign = value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "−" : ""
        return sign + grouped(text)
    }

    static func percent(_ fraction: Double, signed: Bool = true) -> String {
        guard fraction.isFinite else { return "—" }
        if fraction == 0 { return "0 %" }
        let digits = abs(fraction) < 0.001 ? 3 : abs(fraction) < 0.1 ? 2 : 1
        let body = number(abs(fraction) * 100, digits: digits) + " %"
        guard signed else { return body }
        return (fraction < 0 && body.contains(where: { $0 != "0" && $0 != "." && $0 != " " && $0 != "%" }) ? "−" : "+")
            + body
    }

    static func count<I: BinaryInteger>(_ value: I) -> String { number(Double(value), digits: 0) }

    /// "5.00 %" as "5 %", "0.10 %" as "0.1 %": a tolerance is a round figure.
    static func trimmed(_ text: String) -> String {
        guard let space = text.firstIndex(of: " "), text[..<space].contains(".") else { return text }
        var number = String(text[..<space])
        while number.hasSuffix("0") { number.removeLast() }
        if number.hasSuffix(".") { number.removeLast() }
        return number + text[space...]
    }

    static func pow10(_ digits: Int) -> Double { (0..<digits).reduce(1.0) { r, _ in r * 10 } }

    /// Thousands separated by commas in the integer part.
    static func grouped(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var i = integer.count - 3
        while i > 0 {
            integer.insert(",", at: integer.index(integer.startIndex, offsetBy: i))
            i -= 3
        }
        return parts.count > 1 ? integer + "." + parts[1] : integer
    }
}
