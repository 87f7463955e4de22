import ArgumentParser
import FabricExport
import FabricKernel
import FabricMetrics
import FabricScenario
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write its results.",
        discussion: """
            Writes summary.json (the model's results: identical for the same scenario and seed) and timing.json \
            (wall-clock figures) to --out, by default results/<scenario name>/. Files appear complete or not at all.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var options: ScenarioOptions

    @Option(name: .long, help: ArgumentHelp("Directory for the result files (default: results/<name>/).", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let scenario = try options.load(self.scenario)
        let directory = out ?? "results/\(scenario.name)"
        let progress = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) != 0)
        Interrupt.install()

        let start = ContinuousClock.now
        let result = ScenarioRunner(scenario: scenario).run { report in
            progress.update(report, wallSeconds: (ContinuousClock.now - start).seconds)
            return !Interrupt.requested
        }
        let wall = (ContinuousClock.now - start).seconds
        progress.clear()

        if result.stopReason == .interrupted {
            printError("interrupted at simulated time \(result.simulatedTime) after \(result.events) events; no results were written")
            throw ExitCode(ExitStatus.interrupted)
        }
        let timing = RunTiming(wallSeconds: wall, events: result.events, peakResidentBytes: PeakMemory.residentBytes())
        var files = AtomicFiles(directory: URL(fileURLWithPath: directory))
        do {
            try files.stage("summary.json", contents: JSONWriter.string(SummaryDocument.summary(result)))
            try files.stage("timing.json", contents: JSONWriter.string(SummaryDocument.timing(timing, result: result)))
            try files.commit()
        } catch {
            files.discard()
            printError("error: cannot write results to \(directory): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.badInput)
        }
        if !quiet {
            print(TerminalSummary.text(result, timing: timing, directory: directory), terminator: "")
        }
        if !result.allChecksPassed {
            for check in result.checks where !check.passed {
                printError("error: check failed: \(check.name): \(check.detail)")
            }
            throw ExitCode(ExitStatus.simulationFailed)
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
