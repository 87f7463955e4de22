import ArgumentParser
import FabricMetrics
import Foundation

/// `fabricsim`: run, check and describe scenarios.
///
/// Exit codes (docs/cli.md): 0 success; 1 the simulation failed (a self-check such as conservation did not
/// hold); 2 bad input (a scenario or option that does not validate); 3 a PFC deadlock; 130 interrupted (SIGINT);
/// 143 terminated (SIGTERM).
@main
struct FabricSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fabricsim",
        abstract: "A discrete-event simulator of the networks that carry distributed AI training.",
        discussion: "Start with `fabricsim run scenarios/quickstart.yaml`. Scenario keys: docs/scenario-format.md.",
        subcommands: [
            RunCommand.self, CrossCheckCommand.self, SweepCommand.self, MergeCommand.self, CompareCommand.self,
            ValidateCommand.self, InfoCommand.self, ReferenceCommand.self, VersionCommand.self,
        ])

    /// Parses and runs, mapping every usage error to exit code 2 (ArgumentParser's own default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(code == .validationFailure ? ExitStatus.badInput : code.rawValue)
        }
    }
}

/// The documented exit codes.
enum ExitStatus {
    static let success: Int32 = 0
    static let simulationFailed: Int32 = 1
    /// A PFC deadlock: a cycle of paused ports (see docs/network-model.md).
    static let deadlock = ResultCheck.deadlockExitCode
    static let badInput: Int32 = 2
    /// Stopped by SIGINT (Ctrl-C): 128 + 2, as a shell reports it.
    static let interrupted: Int32 = 130
    /// Stopped by SIGTERM: 128 + 15.
    static let terminated: Int32 = 143
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
