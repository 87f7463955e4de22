/// A decimal number read from text exactly, as `mantissa × 10^exponent`, so that `1.5us` becomes exactly
/// 1,500,000 ps with no binary floating-point rounding on the way.
public struct ExactDecimal: Sendable, Equatable {
    public var mantissa: Int128
    public var exponent: Int

    /// More digits than any sensible quantity has; bounds the work and keeps `mantissa` far from overflow.
    static let maxDigits = 30

    /// Splits `"400 Gbps"` into the number 400 and the suffix `Gbps`. Accepts `1.5`, `.5`, `2e9`, `-3`.
    public static func split(_ text: String, quantity: String) throws(UnitParseError) -> (ExactDecimal, String) {
        let chars = Array(text.utf8)
        var i = 0
        while i < chars.count, chars[i] == UInt8(ascii: " ") { i += 1 }
        var negative = false
        if i < chars.count, chars[i] == UInt8(ascii: "-") || chars[i] == UInt8(ascii: "+") {
            negative = chars[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: Int128 = 0
        var digits = 0
        var exponent = 0
        var sawPoint = false
        while i < chars.count {
            let c = chars[i]
            if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                // Leading zeros do not count toward the digit limit.
                if mantissa != 0 || c != UInt8(ascii: "0") { digits += 1 }
                guard digits <= maxDigits else {
                    throw UnitParseError(text: text, quantity: quantity, reason: "it has more than \(maxDigits) digits")
                }
                mantissa = mantissa * 10 + Int128(c - UInt8(ascii: "0"))
                if sawPoint { exponent -= 1 }
            } else if c == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else if c == UInt8(ascii: "_") {
                // `1_000_000`, as YAML and Swift allow.
            } else {
                break
            }
            i += 1
        }
        let numberEnd = i
        let hadDigits = chars[..<numberEnd].contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard hadDigits else {
            throw UnitParseError(text: text, quantity: quantity, reason: "it does not start with a number")
        }
        // An exponent only when `e` is followed by digits, so that a unit starting with `e` is never eaten.
        if i < chars.count, chars[i] == UInt8(ascii: "e") || chars[i] == UInt8(ascii: "E") {
            var j = i + 1
            var expNegative = false
            if j < chars.count, chars[j] == UInt8(ascii: "-") || chars[j] == UInt8(ascii: "+") {
                expNegative = chars[j] == UInt8(ascii: "-")
                j += 1
            }
            var expValue = 0
            var expDigits = 0
            while j < chars.count, chars[j] >= UInt8(ascii: "0"), chars[j] <= UInt8(ascii: "9"), expDigits < 4 {
                expValue = expValue * 10 + Int(chars[j] - UInt8(ascii: "0"))
                expDigits += 1
                j += 1
            }
            if expDigits > 0 {
                exponent += expNegative ? -expValue : expValue
                i = j
            }
        }
        var suffixStart = i
        while suffixStart < chars.count, chars[suffixStart] == UInt8(ascii: " ") { suffixStart += 1 }
        var suffixEnd = chars.count
        while suffixEnd > suffixStart, chars[suffixEnd - 1] == UInt8(ascii: " ") { suffixEnd -= 1 }
        let suffix = String(decoding: chars[suffixStart..<suffixEnd], as: UTF8.self)
        return (ExactDecimal(mantissa: negative ? -mantissa : mantissa, exponent: exponent), suffix)
    }

    /// `self × factor` as an exact integer; nil when it is not whole or does not fit in `Int64`.
    public func scaled(by factor: Int64) -> Int64? {
        guard let value = scaledWide(by: factor), value.remainder == 0 else { return nil }
        return Int64(exactly: value.quotient)
    }

    /// Whether `self × factor` is a whole number (whatever its size).
    public func isWhole(afterScalingBy factor: Int64) -> Bool {
        if let value = scaledWide(by: factor) { return value.remainder == 0 }
        // The product does not fit in 128 bits. With no fractional digits it is an integer; otherwise it is
        // whole exactly when 10^k divides mantissa × factor, that is when 10^k / gcd(10^k, factor) divides the
        // mantissa, which needs no product.
        guard exponent < 0 else { return true }
        guard exponent >= -38 else { return false }
        var power: Int128 = 1
        for _ in 0..<(-exponent) { power *= 10 }
        var (divisor, rest) = (power, Int128(factor.magnitude))
        while rest != 0 { (divisor, rest) = (rest, divisor % rest) }
        return mantissa % (power / divisor) == 0
    }

    /// `self × factor` rounded to the nearest integer (halves away from zero); nil when it does not fit.
    public func scaledRounded(by factor: Int64) -> Int64? {
        guard let value = scaledWide(by: factor) else { return nil }
        var q = value.quotient
        if value.divisor != 1, value.remainder.magnitude * 2 >= value.divisor.magnitude {
            q += value.remainder < 0 ? -1 : 1
        }
        return Int64(exactly: q)
    }

    /// The value as a `Double` (for quantities that are not integral, like probabilities).
    public var doubleValue: Double {
        Double(mantissa) * pow10(exponent)
    }

    private func pow10(_ e: Int) -> Double {
        var result = 1.0
        var base = 10.0
        var n = e.magnitude
        while n > 0 {
            if n & 1 == 1 { result *= base }
            base *= base
            n >>= 1
        }
        return e < 0 ? 1 / result : result
    }

    private func scaledWide(by factor: Int64) -> (quotient: Int128, remainder: Int128, divisor: Int128)? {
        var product = mantissa.multipliedReportingOverflow(by: Int128(factor))
        guard !product.overflow else { return nil }
        if exponent >= 0 {
            for _ in 0..<exponent {
                product = product.partialValue.multipliedReportingOverflow(by: 10)
                guard !product.overflow else { return nil }
            }
            return (product.partialValue, 0, 1)
        }
        guard exponent >= -38 else {
            return product.partialValue == 0 ? (0, 0, 1) : (0, product.partialValue, Int128.max)
        }
        var divisor: Int128 = 1
        for _ in 0..<(-exponent) { divisor *= 10 }
        return (product.partialValue / divisor, product.partialValue % divisor, divisor)
    }

    /// `value ÷ per` written exactly in decimal, trailing zeros dropped: `format(1_500_000, per: 1_000_000)` is `1.5`.
    public static func format(_ value: Int64, per: Int64) -> String {
        let negative = value < 0
        let magnitude = value.magnitude
        let unit = UInt64(per)
        let whole = magnitude / unit
        var fraction = magnitude % unit
        var text = (negative ? "-" : "") + String(whole)
        guard fraction != 0 else { return text }
        var digits: [Character] = []
        var scale = unit
        while fraction != 0 {
            scale /= 10
            let digit = fraction / scale
            digits.append(Character(String(digit)))
            fraction %= scale
        }
        text += "." + String(digits)
        return text
    }
}

/// Why a quantity in a scenario or on the command line could not be read. The message names the text and
/// the kind of quantity expected; the scenario layer adds the file, key and line.
public struct UnitParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var text: String
    public var quantity: String
    public var reason: String

    public init(text: String, quantity: String, reason: String) {
        self.text = text
        self.quantity = quantity
        self.reason = reason
    }

    public var description: String { "\(MessageQuote.quoted(text)) is not a valid \(quantity): \(reason)" }
}
