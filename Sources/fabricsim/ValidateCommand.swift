import ArgumentParser
import FabricScenario
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them.",
        discussion: "Prints every problem of every file; exits 2 if any file has one.")

    @Argument(help: "Scenario files.")
    var scenarios: [String]

    @OptionGroup var options: ScenarioOptions

    func validate() throws {
        guard !scenarios.isEmpty else { throw ValidationError("Name at least one scenario file.") }
    }

    func run() throws {
        let limits = try options.limits
        var failed = false
        for path in scenarios {
            do {
                let scenario = try ScenarioLoader.load(
                    path: path, overrides: options.allOverrides, seed: options.seed,
                    limits: limits)
                print("\(path): ok (\(scenario.name), model \(scenario.model.name))")
                // Each file's verdict is out before the next file is read, whatever happens to that one.
                fflush(nil)
            } catch {
                printError(error.description)
                failed = true
            }
        }
        if failed { throw ExitCode(ExitStatus.badInput) }
    }
}
