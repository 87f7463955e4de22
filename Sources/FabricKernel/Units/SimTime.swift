import Foundation

/// A point in simulated time, or a duration, as a whole number of picoseconds.
///
/// Integers, not floating-point seconds, so that adding a million packet delays gives exactly the sum of them and
/// two runs of one scenario agree to the picosecond. A picosecond resolves one byte at 800 Gb/s (10 ps);
/// `Int64` spans 106 days. See docs/design/0001-integer-picoseconds.md.
public struct SimTime: RawRepresentable, Hashable, Comparable, Sendable {
    /// Picoseconds.
    public var rawValue: Int64

    @inlinable public init(rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public init(picoseconds: Int64) { self.rawValue = picoseconds }

    public static let zero = SimTime(rawValue: 0)
    /// The latest representable time: "never".
    public static let max = SimTime(rawValue: .max)

    @inlinable public var picoseconds: Int64 { rawValue }
    /// Seconds as a floating-point number, for reports only: never feed this back into the model.
    @inlinable public var seconds: Double { Double(rawValue) / 1e12 }

    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.rawValue < b.rawValue }

    /// Exact conversion from a whole count of a unit; nil when the result does not fit in 106 days.
    public static func checked(_ count: Int64, _ unit: TimeUnit) -> SimTime? {
        let (value, overflow) = count.multipliedReportingOverflow(by: unit.picoseconds)
        return overflow ? nil : SimTime(rawValue: value)
    }

    public static func picoseconds(_ n: Int64) -> SimTime { SimTime(rawValue: n) }
    public static func nanoseconds(_ n: Int64) -> SimTime { SimTime(rawValue: n * 1_000) }
    public static func microseconds(_ n: Int64) -> SimTime { SimTime(rawValue: n * 1_000_000) }
    public static func milliseconds(_ n: Int64) -> SimTime { SimTime(rawValue: n * 1_000_000_000) }
    public static func seconds(_ n: Int64) -> SimTime { SimTime(rawValue: n * 1_000_000_000_000) }

    /// The nearest whole picosecond to a duration given in seconds (for sampled random delays).
    /// Traps on values beyond the representable range: callers bound their distributions first.
    @inlinable public init(secondsRounded seconds: Double) {
        self.rawValue = Int64((seconds * 1e12).rounded())
    }
}

/// The units a time may be written in. Each is an exact whole number of picoseconds.
/// Minutes and hours are read (a checkpoint interval of `10min`, an MTBF of `3.09h`) but times are printed in
/// seconds at most, so that a printed time always reads back exactly.
public enum TimeUnit: String, CaseIterable, Sendable {
    case ps, ns, us, ms, s, min, h

    public var picoseconds: Int64 {
        switch self {
        case .ps: 1
        case .ns: 1_000
        case .us: 1_000_000
        case .ms: 1_000_000_000
        case .s: 1_000_000_000_000
        case .min: 60_000_000_000_000
        case .h: 3_600_000_000_000_000
        }
    }

    /// The units times are printed in.
    public static let printed: [TimeUnit] = [.ps, .ns, .us, .ms, .s]
}

// Arithmetic traps on overflow (Swift's checked integer operators): a wrapped-around time would silently reorder
// events, which is worse than stopping.
extension SimTime {
    @inlinable public static func + (a: SimTime, b: SimTime) -> SimTime { SimTime(rawValue: a.rawValue + b.rawValue) }
    @inlinable public static func - (a: SimTime, b: SimTime) -> SimTime { SimTime(rawValue: a.rawValue - b.rawValue) }
    @inlinable public static func += (a: inout SimTime, b: SimTime) { a.rawValue += b.rawValue }
    @inlinable public static func -= (a: inout SimTime, b: SimTime) { a.rawValue -= b.rawValue }
    @inlinable public static func * (a: SimTime, n: Int64) -> SimTime { SimTime(rawValue: a.rawValue * n) }
    @inlinable public static func * (n: Int64, a: SimTime) -> SimTime { SimTime(rawValue: a.rawValue * n) }
    /// Whole multiples of `b` in `a`, rounded toward zero.
    @inlinable public static func / (a: SimTime, b: SimTime) -> Int64 { a.rawValue / b.rawValue }

    /// `self + b`, or nil on overflow: for sums built from user input.
    public func adding(_ b: SimTime) -> SimTime? {
        let (v, o) = rawValue.addingReportingOverflow(b.rawValue)
        return o ? nil : SimTime(rawValue: v)
    }
}

extension SimTime: CustomStringConvertible, LosslessStringConvertible {
    /// The exact value in the largest unit that keeps it short: `1.5us`, `600ns`, `2ms`, `0s`.
    /// Parsing the text gives back the same number of picoseconds.
    public var description: String {
        if rawValue == .max { return "never" }
        if rawValue == 0 { return "0s" }
        let magnitude = rawValue.magnitude
        let unit = TimeUnit.printed.last { magnitude >= UInt64($0.picoseconds) } ?? .ps
        return ExactDecimal.format(rawValue, per: unit.picoseconds) + unit.rawValue
    }

    /// Four significant digits in the largest fitting unit (`1.179s`, `687.9ms`): for progress lines and
    /// terminal summaries, where the exact `description` is more digits than a reader wants.
    public var roundedDescription: String {
        if rawValue == .max { return "never" }
        if rawValue == 0 { return "0s" }
        let unit = TimeUnit.printed.last { rawValue.magnitude >= UInt64($0.picoseconds) } ?? .ps
        let value = Double(rawValue) / Double(unit.picoseconds)
        let decimals = value >= 100 ? 1 : value >= 10 ? 2 : 3
        var text = String(format: "%.\(decimals)f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + unit.rawValue
    }

    /// Parses `1.5us`, `600ns`, `2ms`, `3s`, `250ps`, `10min`, `3.09h`, and `never` (the latest time). A bare number is refused:
    /// a time always names its unit.
    public init?(_ text: String) {
        guard let value = try? SimTime.parse(text) else { return nil }
        self = value
    }

    public static func parse(_ text: String) throws(UnitParseError) -> SimTime {
        // `description` prints the latest time as `never`; it reads back as that time.
        if text.split(separator: " ") == ["never"] { return .max }
        let (number, suffix) = try ExactDecimal.split(text, quantity: "time")
        guard let unit = TimeUnit(rawValue: suffix) else {
            throw UnitParseError(
                text: text, quantity: "time",
                reason: suffix.isEmpty
                    ? "it has no unit; write e.g. 1.5us, 600ns, 2ms (units: ps, ns, us, ms, s, min, h)"
                    : "\(MessageQuote.quoted(suffix)) is not a time unit (units: ps, ns, us, ms, s, min, h)")
        }
        guard let ps = number.scaled(by: unit.picoseconds) else {
            throw UnitParseError(
                text: text, quantity: "time",
                reason: number.isWhole(afterScalingBy: unit.picoseconds)
                    ? "it exceeds the longest representable time (about 106 days)"
                    : "it is not a whole number of picoseconds")
        }
        guard ps >= 0 else { throw UnitParseError(text: text, quantity: "time", reason: "it is negative") }
        return SimTime(rawValue: ps)
    }
}
