import FabricKernel
import Foundation

/// A `--set key.path=value` from the command line: a change to the scenario document before it is read, so it is
/// validated exactly as if it had been written in the file.
public struct Override: Sendable, Equatable {
    public var path: [String]
    public var value: String
    public var text: String

    /// Parses `queueing.customers=2e6`. The value is YAML, so `--set queueing.service=[1us,2us]` gives a list.
    public init(parsing text: String) throws(ScenarioError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw ScenarioError([
                ScenarioDiagnostic(
                    file: "command line", path: "", location: .commandLine(text),
                    message: "expected key.path=value, e.g. --set queueing.customers=2e6")
            ])
        }
        let keyText = text[..<equals].trimmingCharacters(in: .whitespaces)
        let components = keyText.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !keyText.isEmpty, components.allSatisfy({ !$0.isEmpty }) else {
            throw ScenarioError([
                ScenarioDiagnostic(
                    file: "command line", path: keyText, location: .commandLine(text),
                    message:
                        "\(MessageQuote.quoted(String(keyText))) is not a key path; expected names joined by dots, e.g. phold.entities"
                )
            ])
        }
        let value = String(text[text.index(after: equals)...])
        // An empty value would read as YAML's null, and the key then as missing, with the file's line in the
        // message: say what the command line lacks instead. An explicit `null` or `~` still reaches the key.
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ScenarioError([
                ScenarioDiagnostic(
                    file: "command line", path: keyText, location: .commandLine(text),
                    message: "found no value after '='; expected key.path=value, e.g. --set \(keyText)=…")
            ])
        }
        self.path = components
        self.value = value
        self.text = text
    }

    /// The document with this override applied: the key is replaced, or added (with any missing sections).
    func apply(to node: ScenarioNode) throws(ScenarioError) -> ScenarioNode {
        let location = SourceLocation.commandLine(text)
        let bytes = Array(value.utf8)
        let composed: Result<ScenarioNode?, YAMLComposer.Failure> =
            if let problem = ScenarioText.firstProblem(in: bytes) {
                .failure(YAMLComposer.Failure(line: problem.line, column: problem.column, message: problem.message))
            } else {
                YAMLComposer.compose(bytes, locate: { _, _ in location })
            }
        guard case .success(let composedNode) = composed else {
            let reason = if case .failure(let failure) = composed { failure.message } else { "" }
            throw ScenarioError([
                ScenarioDiagnostic(
                    file: "command line", path: path.joined(separator: "."),
                    location: location, message: "the value \(MessageQuote.quoted(value)) is not valid YAML: \(reason)")
            ])
        }
        let valueNode = composedNode ?? .null(location)
        return try replacing(path[...], in: node, with: valueNode, location: location)
    }

    private func replacing(
        _ remaining: ArraySlice<String>, in node: ScenarioNode, with value: ScenarioNode, location: SourceLocation
    ) throws(ScenarioError) -> ScenarioNode {
        guard let first = remaining.first else { return value }
        var entries: [ScenarioEntry]
        let mappingLocation: SourceLocation?
        switch node {
        case .mapping(let existing, let l):
            entries = existing
            mappingLocation = l
        case .null(let l):
            entries = []
            mappingLocation = l
        default:
            let parent = path[..<(path.count - remaining.count)].joined(separator: ".")
            throw ScenarioError([
                ScenarioDiagnostic(
                    file: "command line", path: parent, location: location,
                    message: "'\(parent)' holds a single value, so it has no key \(MessageQuote.quoted(first))")
            ])
        }
        if let index = entries.lastIndex(where: { $0.key == first }) {
            entries[index].value = try replacing(
                remaining.dropFirst(), in: entries[index].value, with: value, location: location)
        } else {
            let child = try replacing(remaining.dropFirst(), in: .null(location), with: value, location: location)
            entries.append(ScenarioEntry(key: first, keyLocation: location, value: child))
        }
        return .mapping(entries, mappingLocation)
    }
}
