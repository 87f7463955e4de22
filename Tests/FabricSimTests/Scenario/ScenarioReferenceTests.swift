import FabricScenario
import Foundation
import Testing

@Suite("Scenario reference")
struct ScenarioReferenceTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("docs/scenario-format.md is the reference the code generates (run `make docs` if this fails)")
    func referenceIsCurrent() throws {
        let committed = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("docs/scenario-format.md"), encoding: .utf8)
        #expect(committed == ScenarioReferenceDocument.markdown())
    }

    @Test("every key a section declares appears in the reference")
    func everyKeyDocumented() {
        let markdown = ScenarioReferenceDocument.markdown()
        for section in Scenario.reference {
            for key in section.keys {
                #expect(markdown.contains("| `\(key.name)` |"), "key \(section.path).\(key.name)")
            }
        }
    }

    @Test("every bundled scenario validates")
    func bundledScenariosValidate() throws {
        let directory = Self.repositoryRoot.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            #expect(throws: Never.self, "\(file)") {
                _ = try ScenarioLoader.load(path: directory.appendingPathComponent(file).path)
            }
        }
    }
}
