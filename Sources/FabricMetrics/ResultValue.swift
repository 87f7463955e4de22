/// A result as a tree of named values in a fixed order: what every exporter reads.
///
/// Order is part of the value (not a dictionary) so that two runs of one scenario write byte-identical files
/// and a reader finds the headline figures first.
public indirect enum ResultValue: Sendable, Equatable {
    case int(Int64)
    case double(Double)
    case string(String)
    case bool(Bool)
    case null
    case array([ResultValue])
    case object(ResultObject)
}

/// Named values in insertion order.
public struct ResultObject: Sendable, Equatable {
    public private(set) var entries: [(key: String, value: ResultValue)] = []

    public init() {}

    public init(_ entries: KeyValuePairs<String, ResultValue>) {
        for (key, value) in entries { self[key] = value }
    }

    /// Reading returns the value stored under `key`; writing replaces it in place, or appends it.
    public subscript(key: String) -> ResultValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    public static func == (a: ResultObject, b: ResultObject) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension ResultValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral
{
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension ResultValue {
    public static func integer<I: BinaryInteger>(_ value: I) -> ResultValue { .int(Int64(value)) }

    /// Member `key` of an object value.
    public subscript(key: String) -> ResultValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let v): Double(v)
        case .double(let v): v
        default: nil
        }
    }
}

extension ResultObject: ExpressibleByDictionaryLiteral {
    /// Entries in the order written.
    public init(dictionaryLiteral elements: (String, ResultValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}
