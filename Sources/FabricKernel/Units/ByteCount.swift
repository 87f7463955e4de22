/// A number of bytes: a message, a buffer, a flow.
public struct ByteCount: RawRepresentable, Hashable, Comparable, Sendable {
    public var rawValue: Int64

    @inlinable public init(rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public init(_ bytes: Int64) { self.rawValue = bytes }

    public static let zero = ByteCount(rawValue: 0)
    @inlinable public var bytes: Int64 { rawValue }
    @inlinable public var bits: Int64 { rawValue * 8 }

    @inlinable public static func < (a: ByteCount, b: ByteCount) -> Bool { a.rawValue < b.rawValue }
    @inlinable public static func + (a: ByteCount, b: ByteCount) -> ByteCount { ByteCount(rawValue: a.rawValue + b.rawValue) }
    @inlinable public static func - (a: ByteCount, b: ByteCount) -> ByteCount { ByteCount(rawValue: a.rawValue - b.rawValue) }
    @inlinable public static func += (a: inout ByteCount, b: ByteCount) { a.rawValue += b.rawValue }
    @inlinable public static func -= (a: inout ByteCount, b: ByteCount) { a.rawValue -= b.rawValue }
    @inlinable public static func * (a: ByteCount, n: Int64) -> ByteCount { ByteCount(rawValue: a.rawValue * n) }
}

extension ByteCount: CustomStringConvertible, LosslessStringConvertible {
    /// Binary units when the count is an exact multiple of one (`4KiB`, `32MiB`), decimal otherwise (`1.5MB`,
    /// `4000B`); parsing the text gives back the same count.
    public var description: String {
        let binary: [(String, Int64)] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (name, factor) in binary where rawValue != 0 && rawValue % factor == 0 {
            return String(rawValue / factor) + name
        }
        let decimal: [(String, Int64)] = [("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)]
        for (name, factor) in decimal where rawValue.magnitude >= factor.magnitude && rawValue % (factor / 1000) == 0 {
            return ExactDecimal.format(rawValue, per: factor) + name
        }
        return String(rawValue) + "B"
    }

    public init?(_ text: String) {
        guard let value = try? ByteCount.parse(text) else { return nil }
        self = value
    }

    /// Parses `32MB` (decimal: 32,000,000), `4KiB` (binary: 4,096), `1500B`, `1500` (a bare number is bytes).
    public static func parse(_ text: String) throws(UnitParseError) -> ByteCount {
        let (number, suffix) = try ExactDecimal.split(text, quantity: "byte count")
        var rest = Substring(suffix)
        var multiplier: Int64 = 1
        for (name, factor) in UnitPrefix.all where rest.hasPrefix(name) {
            multiplier = factor
            rest = rest.dropFirst(name.count)
            break
        }
        guard rest == "B" || (rest.isEmpty && multiplier == 1) else {
            throw UnitParseError(text: text, quantity: "byte count",
                                 reason: "'\(suffix)' is not a size unit (write e.g. 4000B, 32MB, 4KiB, 1.5GiB)")
        }
        guard let bytes = number.scaled(by: multiplier) else {
            throw UnitParseError(text: text, quantity: "byte count", reason: number.isWhole(afterScalingBy: multiplier)
                ? "it is too large" : "it is not a whole number of bytes")
        }
        guard bytes >= 0 else { throw UnitParseError(text: text, quantity: "byte count", reason: "it is negative") }
        return ByteCount(rawValue: bytes)
    }
}
