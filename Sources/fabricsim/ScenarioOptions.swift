import ArgumentParser
import FabricKernel
import FabricScenario

/// Options shared by every command that reads a scenario.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Replace the scenario's seed.", valueName: "n"))
    var seed: UInt64?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override a scenario key, validated like the file: --set phold.entities=4096 (repeatable).",
            valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Simulate the network at this fidelity, replacing the scenario's: packet (queues, flow control) or flow (fluid flows, max-min fair; no queueing).",
            valueName: "packet|flow"))
    var fidelity: String?

    @Option(
        name: .customLong("memory-limit"),
        help: ArgumentHelp(
            "Refuse a scenario whose estimated peak memory exceeds this size (e.g. 8GiB), or none; default: 80 % of the memory available now (docs/cli.md).",
            valueName: "size|none"))
    var memoryLimit: String?

    /// The memory limit of `--memory-limit`, or the machine's default.
    var limits: ResourceLimits {
        get throws {
            guard let text = memoryLimit else { return .machine() }
            if text == "none" { return .unlimited }
            do {
                let size = try ByteCount.parse(text)
                guard size.bytes > 0 else {
                    throw ValidationError(
                        "--memory-limit: found '\(text)'; expected a size above zero, e.g. 8GiB, or none")
                }
                return .memory(size)
            } catch let error as UnitParseError {
                throw ValidationError("--memory-limit: \(error.description); expected a size, e.g. 8GiB, or none")
            }
        }
    }

    mutating func validate() throws {
        _ = try limits
    }

    /// The `--set`s, then `--fidelity` as the `--set` it stands for.
    var allOverrides: [String] { overrides + (fidelity.map { ["fidelity=\($0)"] } ?? []) }

    /// Loads and validates a scenario, printing every problem and exiting with code 2 if there are any.
    func load(_ path: String) throws -> Scenario {
        let limits = try self.limits
        do {
            return try ScenarioLoader.load(path: path, overrides: allOverrides, seed: seed, limits: limits)
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
