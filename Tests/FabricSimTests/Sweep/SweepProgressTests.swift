import Foundation
import Synchronization
import Testing

@testable import FabricSweep

/// A sweep's shared progress: runs done of the total, the workers' runs and fractions, and the work done and left
/// that its time left is read from (runs kept by --resume done but at no cost).
@Suite("Sweep progress", .serialized)
struct SweepProgressTests {
    let runner = SweepRunnerTests()

    @Test("work done and left: finished runs, resumed ones apart, and the running runs' fractions")
    func workAndRemaining() {
        let progress = SweepProgress(runs: 6, workers: 3)
        progress.start(run: 0, worker: 0)
        #expect(progress.finish(worker: 0, resumed: true) == 1)
        progress.start(run: 1, worker: 0)
        #expect(progress.finish(worker: 0, resumed: false) == 2)
        progress.start(run: 2, worker: 1)
        progress.update(worker: 1, fraction: 0.5)
        progress.start(run: 3, worker: 2)
        let now = progress.snapshot()
        #expect(now.total == 6 && now.finished == 2 && now.resumed == 1)
        #expect(now.running == [.init(run: 2, worker: 1, fraction: 0.5), .init(run: 3, worker: 2, fraction: nil)])
        // Run 1 and half of run 2 were done by this sweep; runs 3 to 5 and half of run 2 are left.
        #expect(now.work == 1.5)
        #expect(now.remaining == 3.5)
        progress.abandon(worker: 2)
        #expect(progress.snapshot().running.map(\.run) == [2])
    }

    @Test("a sweep counts its runs done of the total, one by one, and ends with none running")
    func countsRuns() throws {
        let plan = try runner.plan(vary: ["queueing.customers=2000,4000"], seeds: 3)
        let directory = try runner.cli.temporaryDirectory()
        let progress = SweepProgress(runs: plan.runs.count, workers: 2)
        let seen = Mutex<[(count: Int, finished: Int)]>([])
        let sweep = SweepRunner(plan: plan, jobs: 2, machine: .detect(), directory: directory, formats: [.json])
        let outcome = sweep.run(
            progress: progress,
            onFinish: { finished in
                let snapshot = progress.snapshot()
                seen.withLock { $0.append((finished.count, snapshot.finished)) }
            })
        guard case .completed = outcome else {
            Issue.record("the sweep did not complete: \(outcome)")
            return
        }
        let counts = seen.withLock { $0 }
        #expect(counts.map(\.count).sorted() == [1, 2, 3, 4, 5, 6])
        // The count a run is told is already in the shared progress when it is told.
        #expect(counts.allSatisfy { $0.finished >= $0.count })
        let end = progress.snapshot()
        #expect(end.total == 6 && end.finished == 6 && end.resumed == 0 && end.running.isEmpty)
        #expect(end.work == 6 && end.remaining == 0)

        // Again with --resume: every run is kept, at no cost.
        var again = SweepRunner(plan: plan, jobs: 2, machine: .detect(), directory: directory, formats: [.json])
        again.resume = true
        let kept = SweepProgress(runs: plan.runs.count, workers: 2)
        _ = again.run(progress: kept)
        let resumed = kept.snapshot()
        #expect(resumed.finished == 6 && resumed.resumed == 6 && resumed.work == 0 && resumed.remaining == 0)
    }
}
