import ArgumentParser
import FabricScenario

struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Print the scenario file reference (Markdown), generated from the keys the simulator accepts.")

    func run() throws {
        print(ScenarioReferenceDocument.markdown(), terminator: "")
    }
}
