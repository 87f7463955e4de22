import FabricExport
import FabricMetrics
import FabricScenario
import FabricSweep
import Foundation
import Synchronization
import Testing

/// Runs of a sweep in one process: the same whatever the number of workers, the same as each run alone, and an
/// interruption that leaves only complete files. (`make tsan` runs these under the thread sanitizer.)
@Suite("Sweep runner", .serialized)
struct SweepRunnerTests {
    let cli = CommandLineTests()

    static let queue = """
        name: queue
        seed: 3
        queueing: {interarrival: 2us, service: 1us, customers: 3000, warmup_customers: 100}
        """

    func plan(_ text: String = queue, vary: [String], seeds: Int, sets: [String] = [], shard: SweepShard = .whole)
        throws -> SweepPlan
    {
        let dir = try cli.temporaryDirectory()
        let path = try cli.write(text, to: "s.yaml", in: dir)
        return try SweepPlan(scenarioPath: path, sets: sets, vary: vary, seedCount: seeds, baseSeed: nil, shard: shard)
    }

    func summary(_ plan: SweepPlan, jobs: Int, machine: NumaMachine = .detect(), into directory: URL) throws
        -> SweepSummary
    {
        let outcome = SweepRunner(
            plan: plan, jobs: jobs, machine: machine, directory: directory, formats: [.json, .csv]
        ).run()
        guard case .completed(let summary) = outcome else {
            Issue.record("the sweep did not complete: \(outcome)")
            throw CancellationError()
        }
        return summary
    }

    /// Every file of a directory tree except timing.json (wall-clock figures), by relative path.
    func files(under root: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator where url.lastPathComponent != "timing.json" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
            }
        }
        return out
    }

    @Test("one worker or two, unpinned or placed: the same summary and the same files")
    func jobsDoNotMatter() throws {
        let plan = try plan(vary: ["queueing.interarrival=2us,3us,5us"], seeds: 3)
        let one = try cli.temporaryDirectory()
        let two = try cli.temporaryDirectory()
        let a = try summary(plan, jobs: 1, into: one)
        let b = try summary(plan, jobs: 2, machine: .detect(forceUnavailable: true), into: two)
        #expect(a == b)
        #expect(JSONWriter.string(a.document) == JSONWriter.string(b.document))
        #expect(a.records.count == 9)
        let filesA = try files(under: one)
        #expect(filesA.count == 9 * 3) // summary.json, metrics.csv, stations.csv per run
        #expect(filesA == (try files(under: two)))
    }

    @Test("each run's files are those of the same scenario and seed run alone")
    func sameAsAlone() throws {
        let plan = try plan(
            ResultCommandTests.network, vary: ["traffic.bytes=50KB,100KB", "network.load_balancing=ecmp,spray"],
            seeds: 2)
        let out = try cli.temporaryDirectory()
        let summary = try summary(plan, jobs: 2, into: out)
        #expect(summary.allChecksPassed)
        for run in plan.runs {
            let scenario = try ScenarioLoader.load(
                path: plan.scenarioPath, overrides: plan.grid.points[run.point].overrides, seed: run.seed)
            var runner = ScenarioRunner(scenario: scenario)
            runner.recordsTimeline = false
            let result = runner.run()
            let alone = ResultFiles.files(
                result, timing: RunTiming(wallSeconds: 0, events: 0, peakResidentBytes: nil), formats: [.json, .csv])
            let folder = out.appendingPathComponent(plan.grid.points[run.point].directory).appendingPathComponent(
                "seed-\(run.seed)")
            for (name, contents) in alone where name != "timing.json" {
                #expect(
                    try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) == contents,
                    "\(folder.path)/\(name)")
            }
            // The record is what the run reported.
            let record = summary.records.first { $0.point == run.point && $0.seed == run.seed }
            #expect(record?.values["fct_p99_us"] == result.metrics["fct_p99_us"])
        }
        // Seeds differ, so the runs of a point do too (a sweep over seeds that repeated one run would show no spread).
        #expect(summary.rows.allSatisfy { $0.figures.contains { ($0.halfWidth ?? 0) > 0 } })
    }

    @Test("shards run apart and merged give the whole sweep's summary, bit for bit")
    func shardsMerge() throws {
        let whole = try plan(vary: ["queueing.interarrival=2us,3us,5us", "queueing.service=1us,0.5us"], seeds: 2)
        let reference = try summary(whole, jobs: 2, into: try cli.temporaryDirectory())
        let shared = try cli.temporaryDirectory()
        for index in 0..<4 {
            var shard = whole
            shard.shard = SweepShard(index: index, count: 4)
            try SweepFiles.write(try summary(shard, jobs: 1, into: shared), to: shared)
        }
        let merged = try SweepMerge.merge([shared.path])
        #expect(merged == reference)
        #expect(JSONWriter.string(merged.document) == JSONWriter.string(reference.document))
        #expect(merged.csv == reference.csv)
        #expect(SweepPage.html(merged) == SweepPage.html(reference))
    }

    @Test(
        "stopped part way: finished runs complete on disk, nothing half-written, no summary; --resume finishes the same sweep"
    )
    func interrupted() throws {
        let plan = try plan(vary: ["queueing.interarrival=2us,3us,4us,5us,6us,7us"], seeds: 2)
        let out = try cli.temporaryDirectory()
        let finished = Atomic<Int>(0)
        let outcome = SweepRunner(plan: plan, jobs: 2, machine: .detect(), directory: out, formats: [.json])
            .run(
                shouldContinue: { finished.load(ordering: .relaxed) < 3 },
                onFinish: { _ in finished.add(1, ordering: .relaxed) })
        guard case .interrupted(let count) = outcome else {
            Issue.record("expected an interruption, got \(outcome)")
            return
        }
        #expect(count >= 3 && count < 12)
        let written = try files(under: out)
        #expect(written.keys.allSatisfy { $0.hasSuffix("/summary.json") }, "\(written.keys)")
        #expect(written.count == count)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("sweep.json").path))

        // Resumed: the finished runs are read back, the rest run, and the summary is the uninterrupted sweep's.
        let resumed = Atomic<Int>(0)
        var again = SweepRunner(plan: plan, jobs: 2, machine: .detect(), directory: out, formats: [.json])
        again.resume = true
        guard
            case .completed(let summary) = again.run(onFinish: { if $0.resumed { resumed.add(1, ordering: .relaxed) } })
        else {
            Issue.record("the resumed sweep did not complete")
            return
        }
        #expect(resumed.load(ordering: .relaxed) == count)
        #expect(summary == (try self.summary(plan, jobs: 1, into: try cli.temporaryDirectory())))

        // Another scenario in the same folders (here one more customer) is run, not read back.
        let other = try self.plan(
            vary: ["queueing.interarrival=2us,3us,4us,5us,6us,7us"], seeds: 2, sets: ["queueing.customers=3001"])
        var changed = SweepRunner(plan: other, jobs: 2, machine: .detect(), directory: out, formats: [.json])
        changed.resume = true
        let reread = Atomic<Int>(0)
        _ = changed.run(onFinish: { if $0.resumed { reread.add(1, ordering: .relaxed) } })
        #expect(reread.load(ordering: .relaxed) == 0)
    }
}
