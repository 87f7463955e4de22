import FabricScenario

/// One `--vary key=v1,v2,...`: a scenario key and the values it takes, in the order given.
///
/// The key is the dotted path `--set` takes, and each value becomes an `Override` of that key, so a swept value is
/// validated exactly as if it had been written in the file (and a key added to the scenario format later, such
/// as a top-level `fidelity`, can be swept with no change here).
public struct SweepAxis: Sendable, Equatable {
    public var key: String
    /// YAML texts, as typed.
    public var values: [String]
    /// The option as typed, for messages: `--vary fabric=infiniband,roce`.
    public var option: String

    /// The most values one axis may take: a guard against a pasted range, far above any grid worth running.
    public static let maximumValues = 10_000

    /// Parses `key=v1,v2,...`. Commas inside brackets, braces or quotes belong to a value, so YAML lists and maps
    /// can be swept: `--vary 'queueing.service=[1us],[1us,2us]'`.
    public init(parsing text: String) throws(SweepInputError) {
        option = "--vary \(text)"
        guard let equals = text.firstIndex(of: "=") else {
            throw SweepInputError(option: option, "expected key.path=v1,v2,..., e.g. --vary topology.spines=2,4,8")
        }
        key = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        let components = key.split(separator: ".", omittingEmptySubsequences: false)
        guard !key.isEmpty, components.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
            throw SweepInputError(
                option: option, "'\(key)' is not a key path; expected names joined by dots, e.g. network.buffer_bytes")
        }
        let list = String(text[text.index(after: equals)...])
        values = try Self.split(list, option: option)
        guard !values.isEmpty else {
            throw SweepInputError(option: option, "no values after '='; expected at least one, e.g. \(key)=1,2")
        }
        for (i, value) in values.enumerated() where value.isEmpty {
            throw SweepInputError(
                option: option,
                "value \(i + 1) of \(values.count) is empty; expected comma-separated values with none left out")
        }
        for (i, value) in values.enumerated() where values[..<i].contains(value) {
            throw SweepInputError(
                option: option, "the value '\(value)' is given twice; each value of \(key) is run once")
        }
        guard values.count <= Self.maximumValues else {
            throw SweepInputError(option: option, "\(values.count) values; at most \(Self.maximumValues) per axis")
        }
    }

    /// An axis read back from a sweep's summary.
    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
        option = "--vary \(key)=" + values.joined(separator: ",")
    }

    /// The `--set` text of the axis at one of its values.
    public func override(_ index: Int) -> String { "\(key)=\(values[index])" }

    /// Splits on commas at nesting depth zero, outside quotes; trims blanks around each value.
    static func split(_ list: String, option: String) throws(SweepInputError) -> [String] {
        var values: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for ch in list {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "[" || ch == "{" {
                depth += 1
            } else if ch == "]" || ch == "}" {
                depth -= 1
                guard depth >= 0 else {
                    throw SweepInputError(option: option, "'\(ch)' closes nothing in '\(list)'")
                }
            } else if ch == ",", depth == 0 {
                values.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            }
            current.append(ch)
        }
        guard depth == 0, quote == nil else {
            throw SweepInputError(option: option, "unclosed \(quote.map { "quote \($0)" } ?? "bracket") in '\(list)'")
        }
        if !list.trimmingCharacters(in: .whitespaces).isEmpty || !values.isEmpty {
            values.append(current.trimmingCharacters(in: .whitespaces))
        }
        return values
    }
}
