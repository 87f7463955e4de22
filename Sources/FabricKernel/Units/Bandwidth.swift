/// A data rate in bits per second.
///
/// Whole bits per second cover every real link (a 1.6 Tb/s port is 1.6e12, far below `Int64.max`), and keep
/// serialisation times exact integers of picoseconds for the usual rates.
public struct Bandwidth: RawRepresentable, Hashable, Comparable, Sendable {
    /// Bits per second.
    public var rawValue: Int64

    @inlinable public init(rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public init(bitsPerSecond: Int64) { self.rawValue = bitsPerSecond }

    @inlinable public var bitsPerSecond: Int64 { rawValue }
    @inlinable public static func < (a: Bandwidth, b: Bandwidth) -> Bool { a.rawValue < b.rawValue }

    public static func gigabitsPerSecond(_ n: Int64) -> Bandwidth { Bandwidth(rawValue: n * 1_000_000_000) }
    public static func megabitsPerSecond(_ n: Int64) -> Bandwidth { Bandwidth(rawValue: n * 1_000_000) }
}

extension Bandwidth: CustomStringConvertible, LosslessStringConvertible {
    /// `400Gbps`, `1.6Tbps`, `25Mbps`: exact, decimal prefixes; parsing it gives back the same rate.
    public var description: String {
        let prefixes: [(String, Int64)] = [
            ("T", 1_000_000_000_000), ("G", 1_000_000_000), ("M", 1_000_000), ("K", 1_000),
        ]
        for (name, factor) in prefixes where rawValue.magnitude >= factor.magnitude {
            return ExactDecimal.format(rawValue, per: factor) + name + "bps"
        }
        return String(rawValue) + "bps"
    }

    public init?(_ text: String) {
        guard let value = try? Bandwidth.parse(text) else { return nil }
        self = value
    }

    /// Parses a rate in bits per second (`400Gbps`, `400G`, `400Gb/s`, `100Mbps`) or bytes per second
    /// (`50GB/s`, `50GBps`). Prefixes are decimal (K = 10^3, M, G, T), as link rates are always quoted;
    /// `Ki`, `Mi`, `Gi`, `Ti` are binary. A bare number is refused: the unit says bits or bytes.
    public static func parse(_ text: String) throws(UnitParseError) -> Bandwidth {
        let (number, suffix) = try ExactDecimal.split(text, quantity: "bandwidth")
        guard let (multiplier, bitsPerUnit) = unit(of: suffix) else {
            throw UnitParseError(
                text: text, quantity: "bandwidth",
                reason: suffix.isEmpty
                    ? "it has no unit; write e.g. 400Gbps, 400G (bits) or 50GB/s (bytes)"
                    : "\(MessageQuote.quoted(suffix)) is not a bandwidth unit (write e.g. 400Gbps, 400G, 100Mbps, 50GB/s)"
            )
        }
        let (factor, overflow) = multiplier.multipliedReportingOverflow(by: bitsPerUnit)
        guard !overflow, let bps = number.scaled(by: factor) else {
            throw UnitParseError(
                text: text, quantity: "bandwidth",
                reason: number.isWhole(afterScalingBy: overflow ? 1 : factor)
                    ? "it is too large" : "it is not a whole number of bits per second")
        }
        guard bps > 0 else {
            throw UnitParseError(text: text, quantity: "bandwidth", reason: "it must be greater than zero")
        }
        return Bandwidth(rawValue: bps)
    }

    /// (prefix multiplier, bits per counted unit) for a suffix such as `Gbps`, `G`, `GB/s`.
    private static func unit(of suffix: String) -> (Int64, Int64)? {
        var rest = Substring(suffix)
        var multiplier: Int64 = 1
        for (name, factor) in UnitPrefix.all where rest.hasPrefix(name) {
            multiplier = factor
            rest = rest.dropFirst(name.count)
            break
        }
        switch rest {
        case "bps", "b/s", "bit/s": return (multiplier, 1)
        case "": return multiplier == 1 ? nil : (multiplier, 1)
        case "Bps", "B/s": return (multiplier, 8)
        default: return nil
        }
    }
}

/// Unit prefixes shared by bandwidth and byte counts. Binary prefixes first, so `Gi` is not read as `G`.
enum UnitPrefix {
    static let all: [(String, Int64)] = [
        ("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40),
        ("K", 1_000), ("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
    ]
}
