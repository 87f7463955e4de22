// One training step's gradient synchronisation at the scale of the bundled 512-GPU scenarios, at packet level:
// a hierarchical all-reduce of 256 MB over 64 DGX-H100-like servers (8 GPUs, 8 NICs at 400 Gb/s) on a
// rail-optimised fabric (two scalable units of 32 servers: 16 rail leaves, 16 spines with 2 cables from each
// leaf, so 1:1), InfiniBand defaults. Each GPU's NIC moves 2·63/64·32 MB = 63 MB through the fabric; the NVLink
// phases are flow-level.
//
// One iteration is one whole all-reduce, from building its schedule to the last acknowledgement. Besides wall
// clock and peak memory it reports, in thousands: events per second and packet-hops per second (a packet, data or
// acknowledgement, crossing one link).

import Benchmark
import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport

func railFabric() -> Topology {
    try! RailOptimizedConfig(
        servers: 64, gpusPerServer: 8, serversPerRailLeaf: 32, spines: 16, parallelLinks: 2, radix: 64
    ).build()
}

/// Runs the all-reduce; returns (packet-hops, events, simulated time).
func runHierarchical(_ topology: Topology, bytes: Int64) -> (Int64, UInt64, SimTime) {
    let layout = GPULayout(topology: topology)
    var builder = ScheduleBuilder(layout: layout)
    _ = builder.collective(
        CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: bytes), members: Array(0..<layout.count))
    let fabric = CollectiveFabric(
        network: PacketNetwork(topology: topology, config: .infiniband, seed: 1), layout: layout)
    let (episode, events) = CollectiveEpisode.run(CollectiveEpisode(fabric: fabric, schedule: builder.build()))
    precondition(episode.executor.isComplete && episode.fabric.network.conservation.passed)
    return (episode.fabric.network.counters.packetHops, events, episode.executor.lastFinish)
}

let packetHopsPerSecond = BenchmarkMetric.custom("packet-hops/s (K)", polarity: .prefersLarger, useScalingFactor: false)
let eventsPerSecond = BenchmarkMetric.custom("events/s (K)", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let topology = railFabric()
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .peakMemoryResident, packetHopsPerSecond, eventsPerSecond],
        warmupIterations: 0,
        scalingFactor: .one,
        maxDuration: .seconds(120),
        maxIterations: 3)
    Benchmark("Hierarchical512_AllReduce256MB", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let start = ContinuousClock.now
            let (hops, events, simulated) = runHierarchical(topology, bytes: 256 << 20)
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            benchmark.measurement(packetHopsPerSecond, Int(Double(hops) / seconds / 1e3))
            benchmark.measurement(eventsPerSecond, Int(Double(events) / seconds / 1e3))
            blackHole(simulated)
        }
    }
}
