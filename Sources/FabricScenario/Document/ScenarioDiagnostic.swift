import FabricKernel

/// One problem found in a scenario: where it is, which key, and what was found against what is expected.
public struct ScenarioDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// The dotted key path, `topology.spines`; empty for the document as a whole.
    public var path: String
    public var location: SourceLocation?
    public var message: String

    public init(file: String, path: String, location: SourceLocation?, message: String) {
        self.file = file
        self.path = path
        self.location = location
        self.message = message
    }

    /// `scenarios/x.yaml:12:3: queueing.service: found '2us'; expected ...`, in the form editors and CI logs
    /// link to a line; a `--set` names the option instead of a line (a location that already names its option,
    /// such as a sweep's `--vary`, is printed as it is).
    public var description: String {
        var text = file
        switch location {
        case .file(let line, let column): text += ":\(line):\(column)"
        case .commandLine(let option):
            let shown = Self.shortened(option)
            text += option.hasPrefix("--") ? " (\(shown))" : " (--set \(shown))"
        case nil: break
        }
        text += ": "
        if !path.isEmpty { text += Self.shortened(path) + ": " }
        return text + message
    }
}

extension ScenarioDiagnostic {
    /// An option or key path as long as a user may type, shown by its start and length past the readable length.
    static func shortened(_ text: String) -> String {
        text.count > MessageQuote.maximumCharacters ? MessageQuote.quoted(text) : text
    }
}

/// Every problem found in a scenario, reported together so that one edit can fix them all.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [ScenarioDiagnostic]

    /// Keeps the diagnostics in file order (line, then column), command-line ones last, so a reader can work
    /// down the file.
    public init(_ diagnostics: [ScenarioDiagnostic]) {
        self.diagnostics = diagnostics.enumerated().sorted { a, b in
            let (ka, kb) = (Self.order(a.element.location), Self.order(b.element.location))
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    private static func order(_ location: SourceLocation?) -> Int {
        switch location {
        case nil: 0
        case .file(let line, let column): line * 10_000 + column
        case .commandLine: Int.max
        }
    }

    public var description: String {
        let count = diagnostics.count == 1 ? "1 error" : "\(diagnostics.count) errors"
        return diagnostics.map { "error: \($0)" }.joined(separator: "\n") + "\n\(count) in the scenario"
    }
}
