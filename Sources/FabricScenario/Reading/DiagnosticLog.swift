/// Collects the problems found while reading one scenario, so that all of them are reported at once.
public final class DiagnosticLog {
    public let file: String
    public private(set) var diagnostics: [ScenarioDiagnostic] = []

    public init(file: String) { self.file = file }

    public func report(_ path: String, at location: SourceLocation?, _ message: String) {
        diagnostics.append(ScenarioDiagnostic(file: file, path: path, location: location, message: message))
    }

    public var isEmpty: Bool { diagnostics.isEmpty }
}
