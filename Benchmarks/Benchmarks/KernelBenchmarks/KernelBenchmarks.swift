// The kernel's event loop under PHOLD (1,024 entities, 10,000 pending events, exponential delays with mean 1 us,
// uniformly random destinations): the figure that bounds every simulation's speed.
//
// One benchmark iteration handles exactly 1,000,000 events (scalingFactor .mega). Throughput is therefore in
// events per second; with --scale the malloc rows show counts per iteration, that is per million events (without
// it they are divided by a million and rounded, which shows 65 mallocs per million as 0). The simulation is built
// and warmed up once, in setup, and carried on from iteration to iteration, so the iterations measure the
// running state of one long simulation, not its construction.
//
// The gate is the malloc count, not time (time varies 10-20 % on shared machines): Thresholds/ holds the p90 of
// mallocs and malloc'd bytes per iteration for each benchmark (0 for the steady state), checked by
// `swift package benchmark thresholds check --filter 'PHOLD.*'`.

import Benchmark
import FabricKernel
import FabricReferenceModels
import HeapPHOLD

/// The shape of every PHOLD figure in docs/performance.md.
let pholdConfig = PHOLDConfig(entities: 1024, population: 10_000, meanDelay: .microseconds(1))
let pholdSeed: UInt64 = 1

/// Events handled before the kernel benchmark measures: 10 million, about 10^9 ps of simulated time.
///
/// The queue's buckets take their buffers from pools by size and give them back when emptied, so a run allocates
/// only until it has met its peak demand in each size class; with this population that happens within the first
/// few million events (after one million, a handful of mallocs per million events remain). Ten million leave a
/// wide margin, and the gate below holds the steady state to exactly zero.
let steadyStateWarmUp: UInt64 = 10_000_000
/// Enough for the binary heap, which never allocates after its initial reservation, and for the caches.
let shortWarmUp: UInt64 = 1_000_000

/// The simulator lives in a class so that one instance carries on across iterations (`Simulator` is
/// `~Copyable`; package-benchmark hands the setup result to each iteration by reference).
final class KernelRun {
    var simulator: Simulator<PHOLD>

    init(warmUp: UInt64) {
        simulator = Simulator(model: PHOLD(config: pholdConfig, seed: pholdSeed), scheduler: Scheduler())
        simulator.start()
        _ = simulator.run(budget: warmUp)
    }
}

final class HeapRun {
    var model: HeapPHOLD

    init(warmUp: UInt64) {
        model = HeapPHOLD(config: pholdConfig, seed: pholdSeed)
        model.run(budget: warmUp)
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        // Neither cpuTotal nor peakMemoryResident: measuring them allocates inside the measured region (16 and
        // about 60 mallocs per iteration here), which would hide the zero that the malloc gate is about.
        metrics: [.throughput, .wallClock, .mallocCountTotal, .mallocBytesCount],
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(10),
        maxIterations: 10,
        // Counts, not seconds: one malloc more than the stored p90 in Thresholds/ is a regression.
        thresholds: [
            .mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 0]),
            .mallocBytesCount: BenchmarkThresholds(absolute: [.p90: 0]),
        ]
    )

    // The FabricKernel simulator (radix-heap event queue, static dispatch to the model) in its steady state.
    Benchmark("PHOLD_1024x10000", configuration: configuration) { benchmark, run in
        benchmark.startMeasurement()
        let reason = run.simulator.run(budget: UInt64(benchmark.scaledIterations.count))
        benchmark.stopMeasurement()
        if reason != .eventBudget { benchmark.error("PHOLD stopped early: \(reason)") }
        blackHole(run.simulator.model.checksum)
    } setup: {
        KernelRun(warmUp: steadyStateWarmUp)
    }

    // The same events on a plain binary heap (pop, then push the one event the handler schedules): the
    // general-purpose baseline, in Swift, beside the kernel.
    Benchmark("PHOLD_1024x10000_BinaryHeap", configuration: configuration) { benchmark, run in
        benchmark.startMeasurement()
        run.model.run(budget: UInt64(benchmark.scaledIterations.count))
        benchmark.stopMeasurement()
        blackHole(run.model.checksum)
    } setup: {
        HeapRun(warmUp: shortWarmUp)
    }
}
