import ArgumentParser
import FabricScenario

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what a scenario builds, in numbers, without running it.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var options: ScenarioOptions

    func run() throws {
        let scenario = try options.load(self.scenario)
        let lines = ScenarioInfo.describe(scenario)
        let width = lines.map(\.label.count).max() ?? 0
        for line in lines {
            print(line.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + line.value)
        }
    }
}
