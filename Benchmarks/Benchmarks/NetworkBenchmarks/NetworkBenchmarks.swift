// The packet network on the shape a well-known C++ packet simulator (htsim) was measured on: a 3-tier k-ary
// fat-tree with full bisection bandwidth, 100 Gb/s and 1 us on every link, zero switch latency, 4,000-byte
// packets, ECMP per flow, lossless credit-based switches, senders at line rate, go-back-N, one ACK per packet,
// a random permutation of 4 MB flows starting at time 0, run until the last completes. The same run is the
// bundled scenario scenarios/htsim-fattree-k12.yaml (`fabricsim run`, or --set topology.k=16).
//
// One benchmark iteration is one whole run. Besides wall clock and peak memory it reports two custom metrics per
// run, in thousands: packet-hops per second (a packet, data or ACK, crossing one link) and events per second.

import Benchmark
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload

func htsimShape(k: Int) -> (Topology, NetworkConfig, [FlowRequest]) {
    let topology = try! FatTreeConfig.kAry(k: k, rate: .gigabitsPerSecond(100), delay: .microseconds(1)).build()
    var config = NetworkConfig.infiniband
    config.mtu = 4000
    config.headerBytes = 0
    config.ackBytes = 64
    config.switching = .storeAndForward
    config.switchLatency = .zero
    config.loadBalancing = .ecmp
    config.receiver = .goBackN
    let requests = TrafficPattern.permutation(bytes: 4_000_000, start: .zero).requests(
        hosts: topology.hosts.count, seed: 1)
    return (topology, config, requests)
}

/// Runs the permutation to completion; returns (packet-hops, events).
func runPermutation(_ topology: Topology, _ config: NetworkConfig, _ requests: [FlowRequest]) -> (Int64, UInt64) {
    var simulator = Simulator(
        model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: requests))
    simulator.start()
    _ = simulator.run()
    precondition(simulator.model.network.counters.flowsCompleted == Int64(requests.count))
    return (simulator.model.network.counters.packetHops, simulator.scheduler.eventsProcessed)
}

let packetHopsPerSecond = BenchmarkMetric.custom("packet-hops/s (K)", polarity: .prefersLarger, useScalingFactor: false)
let eventsPerSecond = BenchmarkMetric.custom("events/s (K)", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    for k in [12, 16] {
        let (topology, config, requests) = htsimShape(k: k)
        let configuration = Benchmark.Configuration(
            metrics: [.wallClock, .peakMemoryResident, packetHopsPerSecond, eventsPerSecond],
            warmupIterations: 0,
            scalingFactor: .one,
            maxDuration: .seconds(60),
            maxIterations: 3)
        Benchmark("FatTree_k\(k)_Permutation", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                let start = ContinuousClock.now
                let (hops, events) = runPermutation(topology, config, requests)
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                benchmark.measurement(packetHopsPerSecond, Int(Double(hops) / seconds / 1e3))
                benchmark.measurement(eventsPerSecond, Int(Double(events) / seconds / 1e3))
            }
        }
    }
}
