import ArgumentParser
import FabricExport
import FabricKernel
import FabricMetrics
import FabricScenario
import FabricSweep
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write its results.",
        discussion: """
            Writes the result files the scenario's output.formats or --format choose to --out, by default \
            results/<scenario name>/: summary.json (identical for the same scenario and seed) and timing.json \
            (wall-clock figures); CSV tables; trace.json (Perfetto); report.html. The directory is replaced whole, complete \
            or not at all, and only if it is empty or FabricSim's own (docs/cli.md).
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var options: ScenarioOptions

    @Option(
        name: .long, help: ArgumentHelp("Directory for the result files (default: results/<name>/).", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: MetricsOption.help)
    var metrics: String?

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp(
            "Result files to write, replacing the scenario's output.formats: json, csv, trace, html (repeatable, or comma-separated).",
            valueName: "formats"))
    var format: [String] = []

    @Flag(
        name: .long,
        help: "Hash the event stream (time, target, kind of every event); print it and store it in summary.json.")
    var fingerprint = false

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
        _ = try Self.formats(format, default: [])
    }

    /// The formats a `--format` list names, or `scenarioFormats` when it names none (shared with `sweep`).
    static func formats(_ format: [String], default scenarioFormats: [OutputFormat]) throws -> [OutputFormat] {
        let names = format.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        guard !names.isEmpty else { return scenarioFormats }
        var chosen: [OutputFormat] = []
        for name in names {
            guard let f = OutputFormat(rawValue: name) else {
                throw ValidationError(
                    "--format: found '\(name)'; expected one of: "
                        + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if !chosen.contains(f) { chosen.append(f) }
        }
        return chosen
    }

    func run() throws {
        let scenario = try options.load(self.scenario)
        let headline = try MetricsOption.names(metrics, model: scenario.model.name)
        let directory = out ?? "results/\(scenario.name)"
        var target = try ResultDirectory.checked(directory, fromOption: out != nil)
        if !progress.quiet {
            let estimate = ScenarioEstimate(scenario)
            printError(estimate.startLine)
            if let warning = estimate.warning { printError(warning) }
        }
        let writer = progress.writer()
        Interrupt.install()

        let formats = try Self.formats(format, default: scenario.output.formats)
        var runner = ScenarioRunner(scenario: scenario)
        runner.fingerprint = fingerprint
        runner.recordsTimeline = formats.contains(.trace) || formats.contains(.html)
        let start = ContinuousClock.now
        var result = runner.run { report in
            let wall = (ContinuousClock.now - start).seconds
            writer.update(at: wall) {
                ProgressText.run(
                    fraction: report.fraction, simulatedTime: report.simulatedTime, events: report.events,
                    wallSeconds: wall)
            }
            return !Interrupt.requested
        }
        let wall = (ContinuousClock.now - start).seconds
        writer.finish()

        if let headline { result.headline = headline }
        if result.stopReason == .interrupted {
            printError(
                "interrupted by \(Interrupt.name) at simulated time \(result.simulatedTime) after \(result.events) events; no results were written"
            )
            throw ExitCode(Interrupt.exitCode)
        }
        let timing = RunTiming(wallSeconds: wall, events: result.events, peakResidentBytes: PeakMemory.residentBytes())
        let written: [String]
        do {
            written = try ResultFiles.write(
                result, timing: timing, formats: Set(formats.map(\.exportFormat)), to: &target)
        } catch {
            printError("error: cannot write results to \(directory): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.badInput)
        }
        if !progress.quiet {
            print(TerminalSummary.text(result, timing: timing, directory: directory, files: written), terminator: "")
        } else if let fingerprint = result.fingerprintText {
            print("fingerprint \(fingerprint)")
        }
        if !result.allChecksPassed {
            for check in result.checks where !check.passed {
                printError("error: check failed: \(check.name): \(check.detail)")
            }
            let specific = result.checks.first { !$0.passed && $0.failureExitCode != nil }?.failureExitCode
            throw ExitCode(specific ?? ExitStatus.simulationFailed)
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
