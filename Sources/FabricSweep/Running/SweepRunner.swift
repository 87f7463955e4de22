import FabricExport
import FabricMetrics
import FabricScenario
import Foundation
import Synchronization

/// Runs a sweep's runs on worker threads, each placed on a NUMA node (round robin) with its memory preferred
/// there, and writes each run's result files as `fabricsim run` would, in `<out>/<point>/seed-<seed>/`.
///
/// Workers take the next run from a shared counter, so a slow point never holds up the others; each run is a pure
/// function of its scenario and seed, and records are kept by run number, so the summary is the same whatever the
/// number of workers and whichever finished first.
public struct SweepRunner: Sendable {
    public var plan: SweepPlan
    /// Worker threads; at most one per run.
    public var jobs: Int
    public var machine: NumaMachine
    public var directory: URL
    /// `--format`: replaces every run's `output.formats`; empty keeps each scenario's own.
    public var formats: [OutputFormat]
    /// `--resume`: a run whose folder already holds this scenario's and seed's summary.json (an earlier sweep
    /// was interrupted or its task preempted) is read back instead of run again.
    public var resume = false

    public init(plan: SweepPlan, jobs: Int, machine: NumaMachine, directory: URL, formats: [OutputFormat] = []) {
        precondition(jobs >= 1)
        self.plan = plan
        self.jobs = jobs
        self.machine = machine
        self.directory = directory
        self.formats = formats
    }

    /// One run done, for a progress line.
    public struct Finished: Sendable {
        public var run: SweepPlan.Run
        public var directory: String
        public var checksPassed: Bool
        /// Read back from an earlier sweep's files (`resume`) rather than run.
        public var resumed: Bool
        public var wallSeconds: Double
        public var worker: Int
        /// The NUMA node the worker was placed on, nil when it runs unpinned.
        public var node: Int?
        /// Runs finished so far, this one included: the n of "[n/N]".
        public var count: Int
    }

    public enum Outcome: Sendable {
        /// Every run of the shard finished and its files were written.
        case completed(SweepSummary)
        /// `shouldContinue` said stop: the runs finished before it are on disk, complete; no summary.
        case interrupted(finishedRuns: Int)
        /// Result files could not be written (each message names the directory).
        case failed([String])
    }

    /// Shared by the workers: the next run to take and what each run left.
    private final class Board: Sendable {
        let next = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let records: Mutex<[SweepRecord?]>
        let failures = Mutex<[String]>([])

        init(runs: Int) { records = Mutex([SweepRecord?](repeating: nil, count: runs)) }
    }

    /// The workers `run` starts: at most one per run.
    public var workers: Int { max(1, min(jobs, plan.runs.count)) }

    /// Runs the shard's runs. `shouldContinue` is polled between slices of every run (a few milliseconds apart);
    /// `onFinish` is called on the worker's thread after each run's files are written. `progress` (made for
    /// `plan.runs.count` runs and `workers` workers) follows the runs as they go, for a reader on another thread.
    public func run(
        progress: SweepProgress? = nil, shouldContinue: @escaping @Sendable () -> Bool = { true },
        onFinish: @escaping @Sendable (Finished) -> Void = { _ in }
    ) -> Outcome {
        let runs = plan.runs
        let board = Board(runs: runs.count)
        let progress = progress ?? SweepProgress(runs: runs.count, workers: workers)
        precondition(
            progress.total == runs.count && progress.workers >= workers,
            "a sweep's progress follows its runs and workers")
        let workers = (0..<self.workers).map { worker in
            WorkerThread { [self] in
                work(
                    worker, runs: runs, board: board, progress: progress, shouldContinue: shouldContinue,
                    onFinish: onFinish)
            }
        }
        for worker in workers { worker.start() }
        for worker in workers { worker.join() }

        let failures = board.failures.withLock { $0 }
        if !failures.isEmpty { return .failed(failures) }
        let records = board.records.withLock { $0 }
        let finished = records.compactMap { $0 }
        // A run missing without a failure was stopped by `shouldContinue`.
        guard finished.count == records.count else { return .interrupted(finishedRuns: finished.count) }
        return .completed(
            SweepSummary(grid: plan.grid, shard: plan.shard == .whole ? nil : plan.shard, records: finished))
    }

    private func work(
        _ worker: Int, runs: [SweepPlan.Run], board: Board, progress: SweepProgress,
        shouldContinue: @escaping @Sendable () -> Bool, onFinish: @Sendable (Finished) -> Void
    ) {
        let node = machine.node(forWorker: worker)
        let placed = machine.placeCurrentThread(on: node)
        let keepGoing: @Sendable () -> Bool = { shouldContinue() && !board.stop.load(ordering: .relaxed) }
        while keepGoing() {
            let index = board.next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < runs.count else { return }
            let run = runs[index]
            progress.start(run: index, worker: worker)
            let point = plan.grid.points[run.point]
            let scenario: Scenario
            do {
                scenario = try plan.scenario(for: run)
            } catch {
                // Every point was validated before the workers started; a file changed under the sweep.
                progress.abandon(worker: worker)
                fail(board, "\(point.directory) seed \(run.seed): \(error.description)")
                return
            }
            let folder = directory.appendingPathComponent(point.directory).appendingPathComponent("seed-\(run.seed)")
            if resume, let record = SweepRecord(resuming: folder, point: run.point, seed: run.seed, echo: scenario.echo)
            {
                board.records.withLock { $0[index] = record }
                onFinish(
                    Finished(
                        run: run, directory: point.directory, checksPassed: record.checksPassed, resumed: true,
                        wallSeconds: 0, worker: worker, node: placed ? node.id : nil,
                        count: progress.finish(worker: worker, resumed: true)))
                continue
            }
            let formats = Set((self.formats.isEmpty ? scenario.output.formats : self.formats).map(\.exportFormat))
            var runner = ScenarioRunner(scenario: scenario)
            runner.recordsTimeline = formats.contains(.trace) || formats.contains(.html)
            let start = ContinuousClock.now
            let result = runner.run { report in
                progress.update(worker: worker, fraction: report.fraction)
                return keepGoing()
            }
            let elapsed = ContinuousClock.now - start
            let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            guard result.stopReason != .interrupted else {
                progress.abandon(worker: worker)
                return
            }
            do {
                var target = try ResultDirectory(path: folder.path)
                _ = try ResultFiles.write(
                    result, timing: RunTiming(wallSeconds: wall, events: result.events, peakResidentBytes: nil),
                    formats: formats, to: &target)
            } catch {
                progress.abandon(worker: worker)
                fail(board, "cannot write results to \(folder.path): \(error.localizedDescription)")
                return
            }
            let record = SweepRecord(point: run.point, seed: run.seed, result: result)
            board.records.withLock { $0[index] = record }
            onFinish(
                Finished(
                    run: run, directory: point.directory, checksPassed: result.allChecksPassed, resumed: false,
                    wallSeconds: wall,
                    worker: worker, node: placed ? node.id : nil, count: progress.finish(worker: worker, resumed: false)
                ))
        }
    }

    private func fail(_ board: Board, _ message: String) {
        board.failures.withLock { $0.append(message) }
        board.stop.store(true, ordering: .relaxed)
    }
}
