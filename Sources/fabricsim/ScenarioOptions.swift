import ArgumentParser
import FabricScenario

/// Options shared by every command that reads a scenario.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Replace the scenario's seed.", valueName: "n"))
    var seed: UInt64?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a scenario key, validated like the file: --set phold.entities=4096 (repeatable).",
        valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Simulate the network at this fidelity, replacing the scenario's: packet (queues, flow control) or flow (fluid flows, max-min fair; no queueing).",
        valueName: "packet|flow"))
    var fidelity: String?

    /// The `--set`s, then `--fidelity` as the `--set` it stands for.
    var allOverrides: [String] { overrides + (fidelity.map { ["fidelity=\($0)"] } ?? []) }

    /// Loads and validates a scenario, printing every problem and exiting with code 2 if there are any.
    func load(_ path: String) throws -> Scenario {
        do {
            return try ScenarioLoader.load(path: path, overrides: allOverrides, seed: seed)
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
