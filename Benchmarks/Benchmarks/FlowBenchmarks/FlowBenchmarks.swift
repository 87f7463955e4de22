// Flow mode at the scale analytical simulators are used at: a 1 GiB ring all-reduce over 512 and 1,024
// single-GPU ranks, 50 GB/s (400 Gb/s) links and 500 ns per hop (the setting in which ASTRA-sim's analytical
// backend is quoted at ≈ 1.5 s / 100 MB and ≈ 5–6 s / 350 MB), on a two-tier 1:1 leaf-spine (32 servers per
// leaf, a spine per server port) so that rings cross spines and share their links; InfiniBand framing, no
// switch pipeline latency (the 500 ns is the cable). One message per ring step (chunk = segment); the
// `Chunked` variants keep FabricSim's default 512 KiB chunks (2 or 4 messages per step). `FlowTree1024` is the
// double binary tree (the two-tree schedule) on the same fabric, in chunks of the ring's segment (1 MiB): 2.1
// million messages, as many as the ring's.
//
// One iteration is one whole all-reduce, from building its schedule to the last delivery. Reported besides
// wall clock and peak memory: thousands of events per second and of flows (messages) per second.

import Benchmark
import FabricCollectives
import FabricFlow
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport

func leafSpine(ranks: Int) -> Topology {
    let perLeaf = 32
    return try! LeafSpineConfig(
        leaves: ranks / perLeaf, spines: perLeaf, serversPerLeaf: perLeaf, server: .singleGPU,
        hostLinkRate: .gigabitsPerSecond(400), fabricLinkRate: .gigabitsPerSecond(400),
        hostLinkDelay: .nanoseconds(500), fabricLinkDelay: .nanoseconds(500)
    ).build()
}

/// Runs the all-reduce; returns (flows, events, simulated time).
func runAllReduce(_ topology: Topology, algorithm: CollectiveAlgorithm, bytes: Int64, chunk: Int64?) -> (
    Int, UInt64, SimTime
) {
    let layout = GPULayout(topology: topology)
    var config = NetworkConfig.infiniband
    config.switchLatency = .zero
    var builder = ScheduleBuilder(layout: layout)
    let segment = bytes / Int64(layout.count)
    _ = builder.collective(
        CollectiveSpec(.allReduce, algorithm: algorithm, bytes: bytes, chunkBytes: chunk ?? segment, channels: 1),
        members: Array(0..<layout.count))
    // As `fabricsim run` runs a collective (CollectiveSweep): no record per operation or per flow is kept.
    var network = FlowNetwork(topology: topology, config: config, seed: 1)
    network.discardFlowRecords()
    let fabric = CollectiveFabric(network: network, layout: layout)
    let schedule = (consume builder).build()
    let (episode, events) = CollectiveEpisode.run(
        CollectiveEpisode(fabric: fabric, schedule: schedule, recordsOperations: false))
    precondition(episode.executor.isComplete && episode.fabric.network.conservation.passed)
    return (Int(episode.fabric.network.counters.flowsStarted), events, episode.executor.lastFinish)
}

let flowsPerSecond = BenchmarkMetric.custom("flows/s (K)", polarity: .prefersLarger, useScalingFactor: false)
let eventsPerSecond = BenchmarkMetric.custom("events/s (K)", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .peakMemoryResident, flowsPerSecond, eventsPerSecond],
        warmupIterations: 0,
        scalingFactor: .one,
        maxDuration: .seconds(120),
        maxIterations: 3)
    func register(_ name: String, _ topology: Topology, _ algorithm: CollectiveAlgorithm, chunk: Int64?) {
        Benchmark(name, configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                let start = ContinuousClock.now
                let (flows, events, simulated) = runAllReduce(
                    topology, algorithm: algorithm, bytes: 1 << 30, chunk: chunk)
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                benchmark.measurement(flowsPerSecond, Int(Double(flows) / seconds / 1e3))
                benchmark.measurement(eventsPerSecond, Int(Double(events) / seconds / 1e3))
                blackHole(simulated)
            }
        }
    }
    for ranks in [512, 1024] {
        let topology = leafSpine(ranks: ranks)
        for (suffix, chunk) in [("", nil), ("_Chunked", CollectiveSpec.defaultChunkBytes)] as [(String, Int64?)] {
            register("FlowRing\(ranks)_AllReduce1GiB\(suffix)", topology, .ring, chunk: chunk)
        }
    }
    register("FlowTree1024_AllReduce1GiB", leafSpine(ranks: 1024), .tree, chunk: nil)
}
