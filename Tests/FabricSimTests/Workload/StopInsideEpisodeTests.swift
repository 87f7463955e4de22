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
        let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/checkpoint-512-converged.yaml").path
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
}
