import FabricKernel
import FabricMetrics

/// A type a scenario key can hold: how it is read from the document, named in errors and docs, and echoed back
/// in results.
public protocol ScenarioValue: Sendable {
    /// What an error says is expected and the reference names as the type: "a time with a unit, e.g. 1.5us".
    static var expectation: String { get }
    /// The short type name in the scenario reference table.
    static var typeName: String { get }
    /// Reads a value; a failure explains what is wrong with what was found.
    static func decode(_ node: ScenarioNode) -> Result<Self, DecodeFailure>
    /// The value as the results' scenario echo shows it (units kept, so the echo reads like the file).
    var echo: ResultValue { get }
}

/// Why a node could not be read as the expected type.
public struct DecodeFailure: Error, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A value written as one scalar. Conformers parse text; the structure checks are shared.
public protocol ScenarioScalar: ScenarioValue {
    static func parse(text: String) -> Result<Self, DecodeFailure>
}

extension ScenarioScalar {
    public static func decode(_ node: ScenarioNode) -> Result<Self, DecodeFailure> {
        guard case .scalar(let text, _) = node else {
            return .failure(DecodeFailure("found \(node.foundDescription); expected \(expectation)"))
        }
        return parse(text: text).mapError {
            DecodeFailure("found \(MessageQuote.quoted(text)); expected \(expectation): \($0.reason)")
        }
    }
}

/// A quantity written with a unit (time, bandwidth, size): the kernel parses it exactly; errors keep its reason.
public protocol UnitQuantity: ScenarioScalar, CustomStringConvertible {
    static func parse(_ text: String) throws(UnitParseError) -> Self
}

extension UnitQuantity {
    public static func parse(text: String) -> Result<Self, DecodeFailure> {
        Result { () throws(UnitParseError) in try Self.parse(text) }.mapError { DecodeFailure($0.reason) }
    }
    public var echo: ResultValue { .string(description) }
}

extension SimTime: UnitQuantity {
    public static let expectation = "a time with a unit, e.g. 1.5us, 600ns, 2ms"
    public static let typeName = "time"
}

extension Bandwidth: UnitQuantity {
    public static let expectation = "a bandwidth, e.g. 400Gbps, 400G or 50GB/s"
    public static let typeName = "bandwidth"
}

extension ByteCount: UnitQuantity {
    public static let expectation = "a size, e.g. 4000B, 32MB or 4KiB"
    public static let typeName = "size"
}

extension Int64: ScenarioScalar {
    public static let expectation = "a whole number, e.g. 1000, 1_000_000 or 1e6"
    public static let typeName = "integer"
    public static func parse(text: String) -> Result<Int64, DecodeFailure> {
        let parsed = Result { () throws(UnitParseError) in try ExactDecimal.split(text, quantity: "integer") }
        guard case .success(let (number, suffix)) = parsed else { return .failure(DecodeFailure("it is not a number")) }
        guard suffix.isEmpty else {
            return .failure(DecodeFailure("\(MessageQuote.quoted(suffix)) follows the number"))
        }
        guard number.isWhole(afterScalingBy: 1) else { return .failure(DecodeFailure("it is not a whole number")) }
        guard let value = number.scaled(by: 1) else { return .failure(DecodeFailure("it is too large")) }
        return .success(value)
    }
    public var echo: ResultValue { .int(self) }
}

extension UInt64: ScenarioScalar {
    public static let expectation = "a whole number from 0 to 18446744073709551615"
    public static let typeName = "integer"
    public static func parse(text: String) -> Result<UInt64, DecodeFailure> {
        let digits = text.filter { $0 != "_" }
        guard let value = UInt64(digits) else {
            return .failure(DecodeFailure("it is not a whole number in that range"))
        }
        return .success(value)
    }
    // JSON readers lose precision above 2^53, so seeds are echoed as text.
    public var echo: ResultValue { .string(String(self)) }
}

extension Double: ScenarioScalar {
    public static let expectation = "a number, e.g. 0.5 or 1e-3"
    public static let typeName = "number"
    public static func parse(text: String) -> Result<Double, DecodeFailure> {
        let parsed = Result { () throws(UnitParseError) in try ExactDecimal.split(text, quantity: "number") }
        guard case .success(let (number, suffix)) = parsed, suffix.isEmpty else {
            return .failure(DecodeFailure("it is not a plain number"))
        }
        return .success(number.doubleValue)
    }
    public var echo: ResultValue { .double(self) }
}

extension String: ScenarioScalar {
    public static let expectation = "text"
    public static let typeName = "text"
    public static func parse(text: String) -> Result<String, DecodeFailure> { .success(text) }
    public var echo: ResultValue { .string(self) }
}

extension Bool: ScenarioScalar {
    public static let expectation = "true or false"
    public static let typeName = "boolean"
    public static func parse(text: String) -> Result<Bool, DecodeFailure> {
        switch text {
        case "true", "True", "TRUE", "yes", "on": .success(true)
        case "false", "False", "FALSE", "no", "off": .success(false)
        default: .failure(DecodeFailure("it is neither true nor false"))
        }
    }
    public var echo: ResultValue { .bool(self) }
}

/// A list of values, written as a YAML list; a single value is read as a list of one.
extension Array: ScenarioValue where Element: ScenarioScalar {
    /// Longer lists are refused before anything is built from them.
    public static var maximumCount: Int { 100_000 }
    public static var expectation: String { "\(Element.expectation), or a list of them" }
    public static var typeName: String { "\(Element.typeName) or list" }

    public static func decode(_ node: ScenarioNode) -> Result<[Element], DecodeFailure> {
        switch node {
        case .scalar:
            return Element.decode(node).map { [$0] }
        case .sequence(let items, _):
            guard !items.isEmpty else {
                return .failure(DecodeFailure("found an empty list; expected at least one value"))
            }
            guard items.count <= maximumCount else {
                return .failure(
                    DecodeFailure("found a list of \(items.count) values; at most \(maximumCount) are allowed"))
            }
            var values: [Element] = []
            for (i, item) in items.enumerated() {
                switch Element.decode(item) {
                case .success(let value): values.append(value)
                case .failure(let failure): return .failure(DecodeFailure("item \(i + 1): \(failure.reason)"))
                }
            }
            return .success(values)
        default:
            return .failure(DecodeFailure("found \(node.foundDescription); expected \(expectation)"))
        }
    }

    public var echo: ResultValue { .array(map(\.echo)) }
}
