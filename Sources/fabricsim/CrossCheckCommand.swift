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

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
        if options.fidelity != nil {
            throw ValidationError("--fidelity: crosscheck runs both fidelities; leave it out")
        }
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
        let writer = progress.writer()
        let start = ContinuousClock.now
        let (packet, packetWall) = try Self.run(packetScenario, progress: writer, since: start)
        let (flow, flowWall) = try Self.run(flowScenario, progress: writer, since: start)
        writer.finish()
        let check = CrossCheck(packet: packet, flow: flow, packetWallSeconds: packetWall, flowWallSeconds: flowWall)
        do {
            _ = try ResultFiles.write([("crosscheck.json", check.json), ("crosscheck.csv", check.csv)], to: &target)
        } catch {
            printError("error: cannot write results to \(directory): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.badInput)
        }
        if !progress.quiet { print(check.text + "results in \(directory)/: crosscheck.json, crosscheck.csv") }
        let failed = [("packet", packet), ("flow", flow)].flatMap { fidelity, result in
            result.checks.filter { !$0.passed }.map { "\(fidelity): \($0.name): \($0.detail)" }
        }
        if !failed.isEmpty {
            for line in failed { printError("error: check failed at \(line)") }
            throw ExitCode(ExitStatus.simulationFailed)
        }
    }

    /// One run, without result files, its progress (led by its fidelity) written to `progress` on the clock of
    /// the command's start; stops with exit code 130 on an interrupt.
    static func run(_ scenario: Scenario, progress: ProgressWriter, since commandStart: ContinuousClock.Instant) throws
        -> (RunResult, Double)
    {
        var runner = ScenarioRunner(scenario: scenario)
        runner.recordsTimeline = false
        let start = ContinuousClock.now
        let fidelity = scenario.fidelity.rawValue
        let result = runner.run { report in
            let now = ContinuousClock.now
            let wall = (now - start).seconds
            progress.update(at: (now - commandStart).seconds) {
                fidelity + " "
                    + ProgressText.run(
                        fraction: report.fraction, simulatedTime: report.simulatedTime, events: report.events,
                        wallSeconds: wall)
            }
            return !Interrupt.requested
        }
        if result.stopReason == .interrupted {
            progress.finish()
            printError("interrupted by \(Interrupt.name); no results were written")
            throw ExitCode(Interrupt.exitCode)
        }
        return (result, (ContinuousClock.now - start).seconds)
    }
}
