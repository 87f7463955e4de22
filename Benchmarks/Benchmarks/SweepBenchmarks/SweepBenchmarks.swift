// Sweep throughput: the same sweep of 8 packet-level runs — scenarios/microbursts.yaml (incast bursts and a
// Poisson Hadoop load on a 4 × 4 leaf-spine) for 2 ms of simulated time, on InfiniBand and RoCEv2, 4 seeds each —
// with one worker thread and with two, NUMA-placed as `fabricsim sweep` places them. Each run writes its
// summary.json, as in a real sweep.
//
// One iteration is the whole sweep. Reported: wall clock, CPU time (user + system: the work, whatever else the
// machine runs), peak memory, and runs per minute; the efficiency per core
// is (runs/min with 2 workers) / (2 × runs/min with 1), in docs/performance.md.

import Benchmark
import FabricScenario
import FabricSweep
import Foundation

let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let runsPerMinute = BenchmarkMetric.custom("runs/min", polarity: .prefersLarger, useScalingFactor: false)

func sweepPlan() -> SweepPlan {
    try! SweepPlan(
        scenarioPath: repository.appendingPathComponent("scenarios/microbursts.yaml").path,
        sets: ["stop.time=2ms"], vary: ["fabric=infiniband,roce"], seedCount: 4, baseSeed: nil, shard: .whole)
}

let benchmarks: @Sendable () -> Void = {
    let plan = sweepPlan()
    let machine = NumaMachine.detect()
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, runsPerMinute],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(120),
        maxIterations: 5)
    for jobs in [1, 2] {
        Benchmark("Sweep_8runs_jobs\(jobs)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                let out = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "fabricsim-bench-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: out) }
                let start = ContinuousClock.now
                let outcome = SweepRunner(plan: plan, jobs: jobs, machine: machine, directory: out, formats: [.json])
                    .run()
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                guard case .completed(let summary) = outcome, summary.allChecksPassed else {
                    fatalError("the sweep failed: \(outcome)")
                }
                benchmark.measurement(runsPerMinute, Int((Double(summary.records.count) / seconds * 60).rounded()))
            }
        }
    }
}
