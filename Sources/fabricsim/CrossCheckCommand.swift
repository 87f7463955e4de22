import ArgumentParser
import FabricExport
import FabricMetrics
import FabricScenario
import Foundation

struct CrossCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosscheck",
        abstract: "Run a network scenario at packet and at flow fidelity and report the difference per metric.",
        discussion: """
            Runs the scenario twice with the same seed, once with fidelity packet and once with fidelity flow, and \
            prints every figure both report (step-time percentiles, stalls, collective times per size, flow \
            completion times) with the relative difference (flow − packet) ÷ packet. Writes crosscheck.json and \
            crosscheck.csv as the whole of --out (default results/<name>-crosscheck/), complete or not at all. Exit code 1 if \
            either run fails a self-check.
            """)

    @Argument(help: "The scenario file (YAML); it needs a topology.")
    var scenario: String

    @OptionGroup var options: ScenarioOptions

    @Option(name: .long, help: ArgumentHelp("Directory for crosscheck.json and crosscheck.csv.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if options.fidelity != nil { throw ValidationError("--fidelity: crosscheck runs both fidelities; leave it out") }
    }

    func run() throws {
        var packetOptions = options
        packetOptions.overrides.append("fidelity=packet")
        var flowOptions = options
        flowOptions.overrides.append("fidelity=flow")
        let packetScenario = try packetOptions.load(scenario)
        let flowScenario = try flowOptions.load(scenario)
        let directory = out ?? "results/\(packetScenario.name)-crosscheck"
        var target = try ResultDirectory.checked(directory, fromOption: out != nil)
        Interrupt.install()
        let (packet, packetWall) = try Self.run(packetScenario)
        let (flow, flowWall) = try Self.run(flowScenario)
        let check = CrossCheck(packet: packet, flow: flow, packetWallSeconds: packetWall, flowWallSeconds: flowWall)
        do {
            _ = try ResultFiles.write([("crosscheck.json", check.json), ("crosscheck.csv", check.csv)], to: &target)
        } catch {
            printError("error: cannot write results to \(directory): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.badInput)
        }
        if !quiet { print(check.text + "results in \(directory)/: crosscheck.json, crosscheck.csv") }
        let failed = [("packet", packet), ("flow", flow)].flatMap { fidelity, result in
            result.checks.filter { !$0.passed }.map { "\(fidelity): \($0.name): \($0.detail)" }
        }
        if !failed.isEmpty {
            for line in failed { printError("error: check failed at \(line)") }
            throw ExitCode(ExitStatus.simulationFailed)
        }
    }

    /// One run, without result files; stops with exit code 130 on an interrupt.
    static func run(_ scenario: Scenario) throws -> (RunResult, Double) {
        var runner = ScenarioRunner(scenario: scenario)
        runner.recordsTimeline = false
        let start = ContinuousClock.now
        let result = runner.run { _ in !Interrupt.requested }
        if result.stopReason == .interrupted {
            printError("interrupted by \(Interrupt.name); no results were written")
            throw ExitCode(Interrupt.exitCode)
        }
        return (result, (ContinuousClock.now - start).seconds)
    }
}
