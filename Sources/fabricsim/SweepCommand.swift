import ArgumentParser
import FabricExport
import FabricScenario
import FabricSweep
import Foundation

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over a grid of parameters and seeds, on every core, or one shard of it on a cluster.",
        discussion: """
            Every point of the grid (the product of the --vary axes) runs once per seed; each run writes the files \
            `fabricsim run --set KEY=VALUE --seed S` would, in DIR/<point>/seed-<S>/. Then DIR/sweep.json, \
            sweep.csv and sweep.html give, per point, the mean and 95 % confidence interval of each headline figure \
            over the seeds. With --shard I/N only the runs r (point by point, seeds together) with r mod N = I run \
            and the shard's summary goes to DIR/shards/shard-I-of-N.json; `fabricsim merge` joins the shards. Workers are threads placed round robin \
            on the NUMA nodes. After an interruption, --resume keeps the runs already finished. Exit codes: 0 done; \
            1 a run failed a check; 2 bad input; 130 interrupted (SIGINT), 143 (SIGTERM).
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var options: ScenarioOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "An axis of the grid: a scenario key (as --set takes it) and its values (repeatable; the grid is the product).",
            valueName: "key.path=v1,v2,..."))
    var vary: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Seeds per point: the scenario's seed (or --seed) and the ones after it.", valueName: "n"))
    var seeds = 1

    @Option(
        name: .long, help: ArgumentHelp("Worker threads (default: every core this process may use).", valueName: "n"))
    var jobs: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run only shard I of N (0 ≤ I < N; N the same in every task), the runs r with r mod N = I, for a cluster's job array.",
            valueName: "I/N"))
    var shard: String?

    @Option(
        name: .long, help: ArgumentHelp("Directory for the results (default: results/<name>-sweep/).", valueName: "dir")
    )
    var out: String?

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp(
            "Result files of each run, replacing the scenario's output.formats: json, csv, trace, html.",
            valueName: "formats"))
    var format: [String] = []

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Keep the runs an earlier, interrupted sweep finished into --out (their summary.json is read back) and run the rest."
        ))
    var resume = false

    @Option(name: .long, help: MetricsOption.help)
    var metrics: String?

    @OptionGroup var progress: ProgressOptions

    /// The most workers: far more than any machine's cores, a guard against a typo.
    static let maximumJobs = 4096

    func validate() throws {
        if let jobs, !(1...Self.maximumJobs).contains(jobs) {
            throw ValidationError("--jobs \(jobs): expected 1 to \(Self.maximumJobs) worker threads")
        }
        _ = try RunCommand.formats(format, default: [])
    }

    func run() throws {
        var shard = SweepShard.whole
        if let text = self.shard {
            do { shard = try SweepShard(parsing: text) } catch {
                printError(error.description)
                throw ExitCode(ExitStatus.badInput)
            }
        }
        let plan: SweepPlan
        // The workers run at once, so each run has its share of the limit.
        let limits = try options.limits.shared(by: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        do {
            plan = try SweepPlan(
                scenarioPath: scenario, sets: options.allOverrides, vary: vary, seedCount: seeds,
                baseSeed: options.seed, shard: shard, limits: limits)
        } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.badInput)
        }
        let headline = try MetricsOption.names(metrics, model: plan.model) ?? plan.headline
        let machine = NumaMachine.detect()
        if let notice = machine.notice { printError(notice) }
        let runs = plan.runs.count
        let workers = max(1, min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, runs))
        let directory = out ?? "results/\(plan.grid.scenario)-sweep"
        _ = try ResultDirectory.checked(directory, fromOption: out != nil)
        let quiet = progress.quiet
        if !quiet {
            let grid = plan.grid
            var line =
                "sweep \(grid.scenario): \(grid.points.count) point\(grid.points.count == 1 ? "" : "s") × \(grid.seeds.count) seed\(grid.seeds.count == 1 ? "" : "s")"
            if shard != .whole {
                line += ", shard \(shard): \(runs) run\(runs == 1 ? "" : "s")"
            } else {
                line += " = \(runs) runs"
            }
            line += " on \(workers) worker\(workers == 1 ? "" : "s")"
            if machine.isAvailable {
                line += " over \(machine.nodes.count) NUMA node\(machine.nodes.count == 1 ? "" : "s")"
            }
            print(line)
            // Standard output is block-buffered when it is a file (a Slurm or Kubernetes job's log): flushed here,
            // the log shows what the task runs from its start, not only at its end (or never, if it is killed).
            fflush(nil)
        }

        if shard != .whole {
            if runs == 0 {
                printError(
                    "note: shard \(shard) has no runs: the sweep has \(plan.allRuns.count) run\(plan.allRuns.count == 1 ? "" : "s") (points × seeds), so shards \(plan.allRuns.count) to \(shard.count - 1) of \(shard.count) idle; it still writes its (empty) shard file. Choose N at most \(plan.allRuns.count) (docs/cluster.md)"
                )
            }
            let stale = SweepDirectory.otherSplits(in: URL(fileURLWithPath: directory), than: shard)
            if !stale.isEmpty {
                printError(
                    "note: \(directory)/\(SweepFiles.shardFolder) holds shard files of another split (\(stale.prefix(3).joined(separator: ", "))\(stale.count > 3 ? ", ..." : "")); merge refuses to mix splits: remove them, or merge naming this split's files (shard-*-of-\(shard.count).json)"
                )
            }
        }

        Interrupt.install()
        var runner = SweepRunner(
            plan: plan, jobs: workers, machine: machine, directory: URL(fileURLWithPath: directory),
            formats: try RunCommand.formats(format, default: []))
        runner.resume = resume
        let shared = SweepProgress(runs: runs, workers: runner.workers)
        let writer = progress.writer()
        if shard == .whole, !resume { SweepDirectory.removeSummary(in: URL(fileURLWithPath: directory)) }
        let start = ContinuousClock.now
        let reporter = Self.reporter(shared, plan: plan, writer: writer, start: start)
        let outcome = runner.run(
            progress: shared, shouldContinue: { !Interrupt.requested },
            onFinish: { finished in
                guard !quiet else { return }
                let place = finished.node.map { " on node \($0)" } ?? ""
                let verdict = finished.checksPassed ? "" : "  ✗ a check failed"
                let how =
                    finished.resumed
                    ? "kept from the earlier sweep"
                    : String(format: "%.2f s (worker %d%@)", finished.wallSeconds, finished.worker, place)
                writer.interject {
                    print(
                        "[\(finished.count)/\(runs)] \(finished.directory) seed \(finished.run.seed)  \(how)\(verdict)")
                }
            })
        reporter?.cancel()
        writer.finish()
        let wall = (ContinuousClock.now - start).seconds

        switch outcome {
        case .interrupted(let finished):
            printError(Self.interruptedText(finished: finished, runs: runs, shard: shard, signal: Interrupt.name))
            throw ExitCode(Interrupt.exitCode)
        case .failed(let messages):
            for message in messages { printError("error: \(message)") }
            throw ExitCode(ExitStatus.badInput)
        case .completed(let summary):
            let written: [String]
            do {
                written = try SweepFiles.write(summary, to: URL(fileURLWithPath: directory))
                if summary.shard == nil {
                    SweepDirectory.removeForeign(
                        in: URL(fileURLWithPath: directory), grid: summary.grid, keepShards: false)
                }
            } catch {
                printError("error: cannot write the sweep summary to \(directory): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.badInput)
            }
            if !quiet {
                if summary.shard == nil { print("\n" + summary.terminalText(headline: headline), terminator: "") }
                print(
                    String(
                        format: "\nwall time %.3f s · %d runs · %.2f runs/s · results in %@/", wall, runs,
                        wall > 0 ? Double(runs) / wall : 0, directory))
                print("files: " + written.joined(separator: ", "))
                if let shard = summary.shard {
                    print("shard \(shard) done; when all \(shard.count) are, join them: fabricsim merge \(directory)")
                }
            }
            try Self.failOnChecks(summary)
        }
    }

    /// Writes the sweep's progress five times a second while its workers run (`writer` keeps to its own pace);
    /// nil when it writes none.
    static func reporter(
        _ progress: SweepProgress, plan: SweepPlan, writer: ProgressWriter, start: ContinuousClock.Instant
    )
        -> DispatchSourceTimer?
    {
        guard writer.mode != .off else { return nil }
        let labels = plan.runs.map { "\(plan.grid.points[$0.point].directory) seed \($0.seed)" }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(200), repeating: .milliseconds(200))
        timer.setEventHandler {
            let wall = (ContinuousClock.now - start).seconds
            writer.update(at: wall) {
                let now = progress.snapshot()
                return ProgressText.sweep(
                    done: now.finished, total: now.total,
                    running: now.running.map { ProgressText.Running(label: labels[$0.run], fraction: $0.fraction) },
                    work: now.work, remaining: now.remaining, wallSeconds: wall)
            }
        }
        timer.resume()
        return timer
    }

    /// What a sweep stopped by a signal leaves, for the log of the cluster task it ran in: SIGTERM is what Slurm and
    /// Kubernetes send on cancel, preemption and time limit, and the next attempt needs to know what is kept.
    static func interruptedText(finished: Int, runs: Int, shard: SweepShard, signal: String) -> String {
        let what = shard == .whole ? "no sweep summary was written" : "no shard file was written for shard \(shard)"
        var text =
            "interrupted by \(signal): \(finished) of \(runs) runs finished and their folders are complete; the runs in progress wrote nothing; \(what)"
        if finished < runs {
            let again = shard == .whole ? "the same sweep" : "this shard (--shard \(shard))"
            text +=
                finished == 0
                ? ". Run \(again) again with --resume: none of its \(runs) runs had finished, so all run"
                : ". Run \(again) again with --resume: it keeps the \(finished) finished run\(finished == 1 ? "" : "s") and runs the other \(runs - finished)"
        }
        return text
    }

    /// Exit 1, naming the runs, when any run failed a self-check (its files are written, for inspection).
    static func failOnChecks(_ summary: SweepSummary) throws {
        let failed = summary.records.filter { !$0.checksPassed }
        guard failed.isEmpty else {
            for record in failed.prefix(20) {
                printError(
                    "error: a check failed in \(summary.grid.points[record.point].directory) seed \(record.seed)")
            }
            printError("\(failed.count) of \(summary.records.count) runs failed a check")
            throw ExitCode(ExitStatus.simulationFailed)
        }
    }
}
