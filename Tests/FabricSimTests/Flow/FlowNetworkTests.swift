import FabricCollectives
import FabricFlow
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// The flow network against the packet network it stands in for: same paths, same times on idle fabrics, same
/// training step on an uncongested fabric; recomputation stays local; faults stall and reroute.
@Suite("Flow mode: agreement with packets, locality, faults")
struct FlowNetworkTests {
    static func run<Network: Transport>(
        _ network: Network, _ requests: [FlowRequest], faults: [FaultEvent] = [],
        convergence: SimTime = .zero, until: SimTime = .seconds(1)
    ) throws -> Network {
        let schedule = faults.isEmpty ? nil : try FaultSchedule(faults, in: network.topology)
        var simulator = Simulator(
            model: TrafficRun(network: network, requests: requests, faults: schedule, convergence: convergence))
        simulator.start()
        _ = simulator.run(until: until)
        return simulator.model.network
    }

    @Test(
        "a flow alone completes in its ideal time, which is the packet model's within the acknowledgements' share of the cable",
        arguments: [(NetworkConfig.infiniband, 0.008), (.roce, 0.021)])
    func aloneOnAnIdlePath(config: NetworkConfig, ackShare: Double) throws {
        let topology = try SmallFabrics.line(switches: 3, rate: .gigabitsPerSecond(400), delay: .nanoseconds(500))
        let request = FlowRequest(source: 0, destination: 1, bytes: 10_000_000, start: .zero)
        let flow = try Self.run(FlowNetwork(topology: topology, config: config, seed: 1), [request])
        let packet = try Self.run(PacketNetwork(topology: topology, config: config, seed: 1), [request])
        let fluidTime = flow.records[0].finish - flow.records[0].start
        let packetTime = try #require(packet.records[0].finish) - packet.records[0].start
        #expect(fluidTime == flow.idealCompletion(of: 0))
        // Flow mode counts each packet's acknowledgement on the sender's cable (collectives' duplex traffic);
        // a one-way flow is slower by that share and never faster.
        let excess = (fluidTime.seconds - packetTime.seconds) / packetTime.seconds
        #expect(excess >= 0 && excess < ackShare, "flow \(fluidTime), packet \(packetTime)")
    }

    @Test("under ECMP a flow takes the path its packets take", arguments: Array(1...12) as [UInt64])
    func samePathAsPackets(seed: UInt64) throws {
        var config = NetworkConfig.roce
        config.loadBalancing = .ecmp
        let topology = try SmallFabrics.leafSpine(
            leaves: 2, spines: 4, hostsPerLeaf: 2, rate: .gigabitsPerSecond(100), delay: .nanoseconds(200))
        let request = FlowRequest(source: 0, destination: 3, bytes: 1_000_000, start: .zero)
        let flow = try Self.run(
            FlowNetwork(topology: topology, config: config, seed: seed), [request], until: .microseconds(1))
        let packet = try Self.run(PacketNetwork(topology: topology, config: config, seed: seed), [request])
        let fluidPath = try #require(flow.allocations.first).path
        let packetPath = packet.ports.indices.filter { packet.ports[$0].bytesSent >= request.bytes }
        #expect(fluidPath.sorted() == packetPath, "flow \(fluidPath), packets \(packetPath)")
    }

    @Test("a 256-rank ring recomputes rates for a bounded number of flows per event, not for all of them")
    func recomputationIsLocal() throws {
        let topology = try CollectiveFixtures.star(256)
        let layout = GPULayout(topology: topology)
        var builder = ScheduleBuilder(layout: layout)
        _ = builder.collective(
            CollectiveSpec(.allReduce, algorithm: .ring, bytes: 16 << 20, channels: 1), members: Array(0..<layout.count)
        )
        let fabric = CollectiveFabric(
            network: FlowNetwork(topology: topology, config: .infiniband, seed: 1), layout: layout)
        let network = CollectiveEpisode.run(CollectiveEpisode(fabric: fabric, schedule: builder.build())).episode.fabric
            .network
        let flows = Int64(network.records.count)
        #expect(flows == 2 * 255 * 256 * 1)
        // Each flow is visited when it starts and when it (and, with a stream, its neighbour) drains.
        #expect(network.flowsReallocated <= 4 * flows, "\(network.flowsReallocated) flow visits for \(flows) flows")
    }

    @Test("a failed spine link stalls the flows on it until routing converges, then they finish on another path")
    func failureStallsThenReroutes() throws {
        var config = NetworkConfig.roce
        config.loadBalancing = .ecmp
        let topology = try SmallFabrics.leafSpine(
            leaves: 2, spines: 2, hostsPerLeaf: 2, rate: .gigabitsPerSecond(100), delay: .nanoseconds(200))
        let requests = [
            FlowRequest(source: 0, destination: 2, bytes: 12_500_000, start: .zero),
            FlowRequest(source: 1, destination: 3, bytes: 12_500_000, start: .zero),
        ]
        let healthy = try Self.run(FlowNetwork(topology: topology, config: config, seed: 1), requests)
        let convergence = SimTime.microseconds(200)
        var failed: FlowNetwork?
        for spine in ["spine0", "spine1"] {
            let network = try Self.run(
                FlowNetwork(topology: topology, config: config, seed: 1), requests,
                faults: [.linkDown(CableReference("leaf0", spine), at: .microseconds(100))], convergence: convergence)
            if network.records.map(\.finish) != healthy.records.map(\.finish) { failed = network }
        }
        let network = try #require(failed, "neither spine carried a flow")
        #expect(network.counters.flowsCompleted == 2)
        #expect(network.conservation.passed, "\(network.conservation.detail)")
        #expect(network.reroutes == 1)
        // A stalled flow loses at least the convergence time.
        let latest = network.records.map { $0.finish }.max()!
        #expect(latest >= healthy.records.map { $0.finish }.max()! + convergence - .microseconds(1))
    }

    @Test("a training job on an uncongested rail fabric: flow and packet mode agree on the step time within 1 %")
    func trainingAgrees() throws {
        let topology = try RailOptimizedConfig(servers: 4, gpusPerServer: 8, spines: 2).build()
        let job = TrainingJob(
            steps: 3, forward: .microseconds(1_000), backward: .microseconds(2_000), jitter: .normal(cv: 0.05),
            gradientBytes: 16 << 20, buckets: 4,
            allReduce: CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: 0))
        func steps<Network: Transport>(_: Network.Type) -> [SimTime] {
            var simulator = Simulator(
                model: TrainingRun<Network>(job: job, topology: topology, network: .infiniband, seed: 5))
            simulator.start()
            _ = simulator.run()
            #expect(simulator.model.failures.isEmpty, "\(simulator.model.failures)")
            return simulator.model.records.map(\.time)
        }
        let packet = steps(PacketNetwork.self)
        let flow = steps(FlowNetwork.self)
        #expect(
            packet.count == job.steps && flow.count == job.steps, "packet \(packet.count) steps, flow \(flow.count)")
        for (p, f) in zip(packet, flow) {
            #expect(abs(f.seconds - p.seconds) / p.seconds < 0.01, "step: packet \(p), flow \(f)")
        }
    }
}
