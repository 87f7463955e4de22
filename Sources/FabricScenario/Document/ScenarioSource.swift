import Foundation

/// Reads a scenario file into a `ScenarioNode` tree, turning every way that can fail into diagnostics.
public enum ScenarioSource {
    /// Scenario files are hand-written configuration; anything larger is a mistake (a binary, a log), refused
    /// before it is read into memory.
    public static let maximumFileBytes = 4 << 20

    public static func load(path: String) throws(ScenarioError) -> ScenarioNode {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioError([diagnostic(path, "the file does not exist")])
        }
        guard !isDirectory.boolValue else {
            throw ScenarioError([diagnostic(path, "this is a directory; expected a scenario file (.yaml)")])
        }
        // Read at most one byte past the limit, so that a device or a pipe that never ends (/dev/zero) is refused
        // like a file that is too large, instead of being read until memory runs out.
        guard let handle = FileHandle(forReadingAtPath: path),
            let data = try? handle.read(upToCount: maximumFileBytes + 1) ?? Data()
        else {
            throw ScenarioError([diagnostic(path, "the file cannot be read (check its permissions)")])
        }
        try? handle.close()
        guard data.count <= maximumFileBytes else {
            throw ScenarioError([
                diagnostic(
                    path,
                    "the file holds more than \(maximumFileBytes) bytes; a scenario file may be at most \(maximumFileBytes) bytes (4 MiB)"
                )
            ])
        }
        return try parse(bytes: [UInt8](data), file: path)
    }

    /// Parses scenario text. An empty document is an error: a scenario must at least choose a model.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> ScenarioNode {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses the bytes of a scenario file: checks that they are printable UTF-8 text, composes the YAML within
    /// the bounds of `YAMLComposer`, and requires a mapping at the top.
    public static func parse(bytes: [UInt8], file: String) throws(ScenarioError) -> ScenarioNode {
        if let problem = ScenarioText.firstProblem(in: bytes) {
            throw ScenarioError([
                ScenarioDiagnostic(
                    file: file, path: "", location: .file(line: problem.line, column: problem.column),
                    message: problem.message)
            ])
        }
        let tree: ScenarioNode
        switch YAMLComposer.compose(bytes, locate: { .file(line: $0, column: $1) }) {
        case .failure(let failure):
            throw ScenarioError([
                ScenarioDiagnostic(
                    file: file, path: "", location: .file(line: failure.line, column: failure.column),
                    message: "malformed YAML: " + failure.message)
            ])
        case .success(nil):
            throw ScenarioError([diagnostic(file, emptyMessage)])
        case .success(let node?):
            tree = node
        }
        switch tree {
        case .mapping: return tree
        case .null: throw ScenarioError([diagnostic(file, emptyMessage)])
        default:
            throw ScenarioError([
                ScenarioDiagnostic(
                    file: file, path: "", location: tree.location,
                    message:
                        "found \(tree.foundDescription) at the top level; expected a mapping of keys such as name, seed and a model section"
                )
            ])
        }
    }

    static let emptyMessage =
        "the file is empty; a scenario needs at least a model section (see docs/scenario-format.md)"

    static func diagnostic(_ file: String, _ message: String) -> ScenarioDiagnostic {
        ScenarioDiagnostic(file: file, path: "", location: nil, message: message)
    }
}
