import FabricMetrics

/// A key whose value is one of a fixed set of names (`ecmp`, `spray`, `adaptive`).
public protocol ScenarioChoice: ScenarioScalar, RawRepresentable, CaseIterable where RawValue == String {}

extension ScenarioChoice {
    public static var expectation: String { "one of: " + allCases.map(\.rawValue).joined(separator: ", ") }
    public static var typeName: String { allCases.map(\.rawValue).joined(separator: " \\| ") }

    public static func parse(text: String) -> Result<Self, DecodeFailure> {
        if let value = Self(rawValue: text) { return .success(value) }
        let suggestion =
            Suggestion.closest(to: text, among: allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
        return .failure(DecodeFailure("it is not one of the choices\(suggestion)"))
    }

    public var echo: FabricMetrics.ResultValue { .string(rawValue) }
}
