import FabricKernel
import FabricMetrics
import FabricScenario
import Foundation
import Testing

/// `stop.time`, `stop.events` and an interrupt reach inside the episodes of training steps, collective sizes and
/// checkpoint writes: the run ends where the episode stood and reports only what completed.
@Suite("Stop conditions inside episodes")
struct StopInsideEpisodeTests {
    static func run(_ text: String, _ overrides: [String] = []) throws -> RunResult {
        ScenarioRunner(scenario: try ScenarioLoader.load(text: text, overrides: overrides)).run()
    }

    @Test("stop.time inside a training step ends the run at that time, with the step not counted")
    func trainingTimeLimit() throws {
        let full = try Self.run(JobScenarioTests.workload)
        // Step 0 computes for 300 µs (forward 100, backward 200) before its last bucket can even start.
        let cut = try Self.run(JobScenarioTests.workload, ["stop.time=150us"])
        #expect(cut.stopReason == .timeLimit)
        #expect(cut.simulatedTime == SimTime(picoseconds: 150_000_000))
        #expect(cut.metrics["steps"] == .int(0))
        #expect(cut.metrics["stopped_in_step"] == .int(0))
        #expect(cut.events > 0 && cut.events < full.events)
        #expect(full.metrics["stopped_in_step"] == .null)

        // Half-way through the job: the steps before are complete, the one running is cut where it stands.
        let half = SimTime(rawValue: full.simulatedTime.rawValue / 2)
        let midway = try Self.run(JobScenarioTests.workload, ["stop.time=\(half.rawValue)ps"])
        #expect(midway.stopReason == .timeLimit)
        #expect(midway.simulatedTime == half)
        let steps = try #require(midway.metrics["steps"]?.doubleValue)
        let stoppedIn = try #require(midway.metrics["stopped_in_step"]?.doubleValue)
        #expect(steps == stoppedIn)
        #expect(steps >= 1 && steps < 3)
        #expect(midway.allChecksPassed, "\(midway.checks)")
    }

    @Test("stop.events counts every event, the steps' packets too, and stops at exactly that many")
    func trainingEventLimit() throws {
        let full = try Self.run(JobScenarioTests.workload)
        let limit = full.events / 3
        let cut = try Self.run(JobScenarioTests.workload, ["stop.events=\(limit)"])
        #expect(cut.stopReason == .eventBudget)
        #expect(cut.events == limit)
        #expect(cut.simulatedTime < full.simulatedTime)
    }

    @Test("an interrupt is seen inside the first training step")
    func trainingInterrupt() throws {
        let scenario = try ScenarioLoader.load(text: JobScenarioTests.workload)
        var runner = ScenarioRunner(scenario: scenario)
        runner.progressInterval = 200
        let result = runner.run { _ in false }
        #expect(result.stopReason == .interrupted)
        #expect(result.events <= 200 + 1)
        #expect(result.metrics["steps"] == .int(0))
    }

    @Test("stop.time inside a collective size ends the sweep there, with no row for the size")
    func collectiveTimeLimit() throws {
        let cut = try Self.run(JobScenarioTests.collective, ["stop.time=2us"])
        #expect(cut.stopReason == .timeLimit)
        #expect(cut.simulatedTime == SimTime(picoseconds: 2_000_000))
        #expect(cut.metrics["nccl_tests"] == .array([]))
    }

    @Test("an interrupt is seen inside a checkpoint job's episodes, and the run ends there")
    func checkpointInterrupt() throws {
        let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent(
            "scenarios/checkpoint-512-converged.yaml"
        ).path
        let scenario = try ScenarioLoader.load(path: path, overrides: BundledScenarioTests.checkpointReduction)
        let full = ScenarioRunner(scenario: scenario).run()
        var runner = ScenarioRunner(scenario: scenario)
        runner.progressInterval = 1000
        var calls = 0
        // Let it run a third of its events, then interrupt.
        let result = runner.run { report in
            calls += 1
            return report.events < full.events / 3
        }
        #expect(result.stopReason == .interrupted)
        #expect(result.events < full.events / 2)
        #expect(calls > 1)
    }

    static func stepTimes(_ result: RunResult) throws -> [SimTime] {
        guard case .array(let rows)? = result.metrics["steps_table"] else { throw CancellationError() }
        return try rows.map { row in
            let ms = try #require(row["step_ms"]?.doubleValue)
            return SimTime(rawValue: Int64((ms * 1e9).rounded()))
        }
    }

    @Test("a limit the run does not reach changes nothing")
    func unreachedLimit() throws {
        let full = try Self.run(JobScenarioTests.workload)
        let after = try Self.run(JobScenarioTests.workload, ["stop.time=1s"])
        #expect(
            after.metrics == full.metrics && after.events == full.events && after.simulatedTime == full.simulatedTime)
    }

    @Test(
        "a collective sweep stopped by stop.events keeps the sizes done, as a full run reports them, and passes its checks"
    )
    func collectiveEventLimit() throws {
        let full = try Self.run(JobScenarioTests.collective)
        guard case .array(let rows)? = full.metrics["nccl_tests"] else { throw CancellationError() }
        #expect(rows.count == 3)
        let cut = try Self.run(JobScenarioTests.collective, ["stop.events=\(full.events / 2)"])
        #expect(cut.events == full.events / 2)
        #expect(cut.stopReason == .eventBudget)
        guard case .array(let done)? = cut.metrics["nccl_tests"] else { throw CancellationError() }
        #expect(done.count < 3)
        #expect(Array(rows.prefix(done.count)) == done)
        #expect(cut.allChecksPassed, "\(cut.checks)")
    }

    @Test("stop.time inside a synchronous checkpoint write: not durable, training stalled until the limit, checks pass")
    func checkpointTimeLimit() throws {
        let full = try Self.run(CheckpointScenarioTests.base)
        let times = try Self.stepTimes(full)
        let checkpoint = try #require(full.metrics["checkpoint"])
        // Two checkpoints, one after each step: half the stall is one write.
        let write = try #require(checkpoint["training_stall_s"]?.doubleValue) / 2
        #expect(write > 0)
        let limit = times[0] + SimTime(rawValue: Int64((write / 2 * 1e12).rounded()))
        let cut = try Self.run(CheckpointScenarioTests.base, ["stop.time=\(limit.rawValue)ps"])
        #expect(cut.simulatedTime == limit)
        #expect(cut.stopReason == .timeLimit)
        #expect(cut.metrics["steps"] == .int(1))
        let cutCheckpoint = try #require(cut.metrics["checkpoint"])
        #expect(cutCheckpoint["checkpoints"] == .int(1))
        #expect(cutCheckpoint["checkpoints_durable"] == .int(0))
        let stall = try #require(cutCheckpoint["training_stall_s"]?.doubleValue)
        #expect(abs(stall - (limit - times[0]).seconds) < 1e-12)
        #expect(cut.allChecksPassed, "\(cut.checks)")
    }
}
