import Foundation
import Yams

/// Reads a scenario file into a `ScenarioNode` tree, turning every way that can fail into diagnostics.
public enum ScenarioSource {
    /// Scenario files are hand-written configuration; anything larger is a mistake (a binary, a log), refused
    /// before it is read into memory.
    public static let maximumFileBytes = 4 << 20

    public static func load(path: String) throws(ScenarioError) -> ScenarioNode {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioError([diagnostic(path, "the file does not exist")])
        }
        guard !isDirectory.boolValue else {
            throw ScenarioError([diagnostic(path, "this is a directory; expected a scenario file (.yaml)")])
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumFileBytes else {
            throw ScenarioError([diagnostic(path, "the file is \(size) bytes; a scenario file may be at most \(maximumFileBytes) bytes")])
        }
        guard let data = try? Data(contentsOf: url) else {
            throw ScenarioError([diagnostic(path, "the file cannot be read (check its permissions)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError([diagnostic(path, "the file is not UTF-8 text")])
        }
        return try parse(text, file: path)
    }

    /// Parses scenario text. An empty document is an error: a scenario must at least choose a model.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> ScenarioNode {
        let node: Yams.Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError([yamlDiagnostic(error, file: file)])
        } catch {
            throw ScenarioError([diagnostic(file, "the YAML cannot be read: \(error)")])
        }
        guard let node else {
            throw ScenarioError([diagnostic(file, "the file is empty; a scenario needs at least a model section (see docs/scenario-format.md)")])
        }
        let tree = ScenarioNode(node)
        switch tree {
        case .mapping: return tree
        case .null: throw ScenarioError([diagnostic(file, "the file is empty; a scenario needs at least a model section (see docs/scenario-format.md)")])
        default:
            throw ScenarioError([ScenarioDiagnostic(file: file, path: "", location: tree.location,
                message: "found \(tree.foundDescription) at the top level; expected a mapping of keys such as name, seed and a model section")])
        }
    }

    static func diagnostic(_ file: String, _ message: String) -> ScenarioDiagnostic {
        ScenarioDiagnostic(file: file, path: "", location: nil, message: message)
    }

    static func yamlDiagnostic(_ error: YamlError, file: String) -> ScenarioDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let where_ = context.map { " (\($0.text))" } ?? ""
            return ScenarioDiagnostic(file: file, path: "", location: .file(line: mark.line, column: mark.column),
                                      message: "malformed YAML: \(problem)\(where_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScenarioDiagnostic(file: file, path: "", location: .file(line: context.mark.line, column: context.mark.column),
                                      message: "a key is written twice in one mapping: \(duplicates.joined(separator: ", "))")
        default:
            return diagnostic(file, "malformed YAML: \(error)")
        }
    }
}
