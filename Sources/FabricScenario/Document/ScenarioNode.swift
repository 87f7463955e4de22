import FabricKernel

/// Where a value came from: a line and column of the scenario file, or a `--set` on the command line.
public enum SourceLocation: Sendable, Equatable {
    case file(line: Int, column: Int)
    case commandLine(String)
}

/// The scenario document as a plain tree of text, before any value is interpreted.
///
/// Values stay text until a section reads them with the type it expects, so that every error can quote what
/// was written and where; and `--set` overrides are applied to this tree, so they are validated exactly like
/// the file.
public indirect enum ScenarioNode: Sendable {
    case scalar(String, SourceLocation?)
    case mapping([ScenarioEntry], SourceLocation?)
    case sequence([ScenarioNode], SourceLocation?)
    /// A key written with no value (`key:`), or `~`, or `null`.
    case null(SourceLocation?)

    public var location: SourceLocation? {
        switch self {
        case .scalar(_, let l), .mapping(_, let l), .sequence(_, let l), .null(let l): l
        }
    }

    /// How the node reads in an error message: a scalar quoted, a structure named.
    var foundDescription: String {
        switch self {
        case .scalar(let text, _): MessageQuote.quoted(text)
        case .mapping: "a mapping (key: value lines)"
        case .sequence: "a list"
        case .null: "nothing"
        }
    }
}

/// One `key: value` of a mapping, with the key's own location (where an unknown key is reported).
public struct ScenarioEntry: Sendable {
    public var key: String
    public var keyLocation: SourceLocation?
    public var value: ScenarioNode
}
