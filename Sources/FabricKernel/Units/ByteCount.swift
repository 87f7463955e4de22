/// A number of bytes: a message, a buffer, a flow.
public struct ByteCount: RawRepresentable, Hashable, Comparable, Sendable {
    public var rawValue: Int64

    @inlinable public init(rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public init(_ bytes: Int64) { self.rawValue = bytes }

    public static let zero = ByteCount(rawValue: 0)
    @inlinable public var bytes: Int64 { rawValue }
    @inlinable public var bits: Int64 { rawValue * 8 }

    @inlinable public static func < (a: ByteCount, b: ByteCount) -> Bool { a.rawValue < b.rawValue }
    @inlinable public static func + (a: ByteCount, b: ByteCount) -> ByteCount {
        ByteCount(rawValue: a.rawValue + b.rawValue)
    }
    @inlinable public static func - (a: ByteCount, b: ByteCount) -> ByteCount {
        ByteCount(rawValue: a.rawValue - b.rawValue)
    }
    @inlinable public static func += (a: inout ByteCount, b: ByteCount) { a.rawValue += b.rawValue }
    @inlinable public static func -= (a: inout ByteCount, b: ByteCount) { a.rawValue -= b.rawValue }
    @inlinable public static func * (a: ByteCount, n: Int64) -> ByteCount { ByteCount(rawValue: a.rawValue * n) }
}

extension ByteCount: CustomStringConvertible, LosslessStringConvertible {
    /// The shortest of the exact binary form (`4KiB`, `32MiB`), the exact decimal form (`32MB`, `1.5MB`) and
    /// plain bytes (`1023B`) — in that order on a tie — so that sizes read as they were probably written;
    /// parsing the text gives back the same count.
    public var description: String {
        var candidates: [String] = []
        let binary: [(String, Int64)] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        if let (name, factor) = binary.first(where: { rawValue != 0 && rawValue % $0.1 == 0 }) {
            candidates.append(String(rawValue / factor) + name)
        }
        let decimal: [(String, Int64)] = [
            ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000),
        ]
        if let (name, factor) = decimal.first(where: { rawValue.magnitude >= $0.1.magnitude }) {
            candidates.append(ExactDecimal.format(rawValue, per: factor) + name)
        }
        candidates.append(String(rawValue) + "B")
        return candidates.enumerated().min { a, b in
            a.element.count != b.element.count ? a.element.count < b.element.count : a.offset < b.offset
        }!.element
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
            throw UnitParseError(
                text: text, quantity: "byte count",
                reason: "\(MessageQuote.quoted(suffix)) is not a size unit (write e.g. 4000B, 32MB, 4KiB, 1.5GiB)")
        }
        guard let bytes = number.scaled(by: multiplier) else {
            throw UnitParseError(
                text: text, quantity: "byte count",
                reason: number.isWhole(afterScalingBy: multiplier)
                    ? "it is too large" : "it is not a whole number of bytes")
        }
        guard bytes >= 0 else { throw UnitParseError(text: text, quantity: "byte count", reason: "it is negative") }
        return ByteCount(rawValue: bytes)
    }
}
