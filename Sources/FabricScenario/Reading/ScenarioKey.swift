import FabricMetrics

/// One key of a scenario section: its name, type, default, valid values and meaning.
///
/// Sections declare their keys as values of this type; the reader validates against them and the scenario
/// reference (docs/scenario-format.md) is generated from them, so the documentation cannot drift from the code.
public struct ScenarioKey<Value: ScenarioValue>: Sendable {
    public let name: String
    public let meaning: String
    /// nil when the key is required.
    public let defaultValue: Value?
    /// How the default reads in the reference, when `Value`'s own text is not right ("none" for no limit).
    public let defaultText: String?
    /// Returns nil when a value is acceptable, or what is expected instead.
    public let validate: @Sendable (Value) -> String?
    /// The valid values as the reference states them.
    public let validText: String

    public init(
        _ name: String, default defaultValue: Value? = nil, defaultText: String? = nil, valid validText: String = "",
        meaning: String, validate: @escaping @Sendable (Value) -> String? = { _ in nil }
    ) {
        self.name = name
        self.meaning = meaning
        self.defaultValue = defaultValue
        self.defaultText = defaultText
        self.validText = validText
        self.validate = validate
    }

    public var documentation: KeyDocumentation {
        let defaultDescription: String
        if let defaultText {
            defaultDescription = defaultText
        } else if let defaultValue {
            defaultDescription = KeyDocumentation.text(of: defaultValue.echo)
        } else {
            defaultDescription = "required"
        }
        return KeyDocumentation(
            name: name, type: Value.typeName, defaultValue: defaultDescription,
            valid: validText, meaning: meaning)
    }
}

extension ScenarioKey where Value: Comparable & CustomStringConvertible {
    /// A key whose value must lie in `range`. Upper bounds on sizes are how absurd values are refused before
    /// anything is allocated; `limitReason` says why the bound is there.
    public init(
        _ name: String, default defaultValue: Value? = nil, defaultText: String? = nil, range: ClosedRange<Value>,
        limitReason: String? = nil, meaning: String
    ) {
        let text = "\(range.lowerBound) to \(range.upperBound)"
        let why = limitReason.map { " (\($0))" } ?? ""
        self.init(name, default: defaultValue, defaultText: defaultText, valid: text, meaning: meaning) { value in
            range.contains(value) ? nil : "a value from \(text)\(why)"
        }
    }
}

/// A key as the reference documents it.
public struct KeyDocumentation: Sendable, Equatable {
    public var name: String
    public var type: String
    public var defaultValue: String
    public var valid: String
    public var meaning: String

    static func text(of value: FabricMetrics.ResultValue) -> String {
        switch value {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        case .array(let items): items.map(text(of:)).joined(separator: ", ")
        case .null: "none"
        case .object: "(section)"
        }
    }
}

/// A section as the reference documents it.
public struct SectionDocumentation: Sendable {
    public var path: String
    public var summary: String
    public var keys: [KeyDocumentation]
}
