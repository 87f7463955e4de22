import FabricCollectives
import FabricFlow
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// Graphs the data-parallel job cannot express: a rank that waits on the network inside a step. Step times are
/// checked against closed forms (compute durations plus α + m·β per message on an idle path), not the tool's own
/// output.
@Suite("Workload: the graph of computes and transfers")
struct WorkloadGraphTests {
    /// Two single-GPU servers on one 400 Gb/s switch: one idle path each way.
    static func pair() throws -> Topology {
        try LeafSpineConfig(
            leaves: 1, spines: 0, serversPerLeaf: 2, server: .singleGPU, hostLinkRate: .gigabitsPerSecond(400)
        ).build()
    }

    /// Per rank and phase (one phase here: every compute is its own), the durations in µs.
    static let forward1: SimTime = .microseconds(100)
    static let forward2: SimTime = .microseconds(120)
    static let backward2: SimTime = .microseconds(200)
    static let backward1: SimTime = .microseconds(180)
    /// Activations and their gradients: a whole number of 4 KiB packets, so α + m·β holds to the picosecond's
    /// rounding.
    static let activationBytes: Int64 = 1024 * 4096

    /// A two-stage pipeline, one micro-batch: stage 1 (rank 0) computes its forward pass and sends its
    /// activations; stage 2 (rank 1) computes forward and backward once they have arrived and sends back their
    /// gradient; stage 1 computes its backward pass once that has arrived.
    static func pipeline(_ topology: Topology) -> (graph: WorkloadGraph, ops: [String: OpID]) {
        var b = WorkloadGraphBuilder(layout: GPULayout(topology: topology), members: [0, 1])
        let f1 = b.compute(ComputeTask(rank: 0, phase: 0))
        let activations = b.send(from: 0, to: 1, bytes: activationBytes, after: [f1])
        let f2 = b.compute(ComputeTask(rank: 1, phase: 0), after: [activations])
        let b2 = b.compute(ComputeTask(rank: 1, phase: 1), after: [f2])
        let gradients = b.send(from: 1, to: 0, bytes: activationBytes, after: [b2])
        let b1 = b.compute(ComputeTask(rank: 0, phase: 1), after: [gradients])
        let ops = ["f1": f1, "activations": activations, "f2": f2, "b2": b2, "gradients": gradients, "b1": b1]
        return (b.build(rankEnds: [b1, b2]), ops)
    }

    static let draws = ComputeDraws(phases: 2, times: [forward1, backward1, forward2, backward2])

    static func run<Network: Transport>(_ graph: WorkloadGraph, _ network: Network, durations: [SimTime])
        -> (episode: CollectiveEpisode<Network>, events: UInt64)
    {
        let fabric = CollectiveFabric(network: network, layout: GPULayout(topology: network.topology))
        return CollectiveEpisode.run(CollectiveEpisode(fabric: fabric, schedule: graph.schedule, durations: durations))
    }

    @Test("a two-stage pipeline's step is its four computes plus two messages at α + m·β, at both fidelities")
    func pipelineStepIsItsClosedForm() throws {
        let topology = try Self.pair()
        let (graph, ops) = Self.pipeline(topology)
        let durations = graph.durations(Self.draws)
        #expect(durations == [Self.forward1, Self.forward2, Self.backward2, Self.backward1])
        let packet = PacketNetwork(topology: topology, config: .infiniband, seed: 1)
        let flow = FlowNetwork(topology: topology, config: .infiniband, seed: 1)
        let compute = Self.forward1 + Self.forward2 + Self.backward2 + Self.backward1
        // One message each way at a time: at packet level no acknowledgement shares a cable with data (not
        // duplex); the fluid model charges every flow its acknowledgements' bytes on its own path (duplex,
        // docs/flow-model.md).
        func expected(duplex: Bool) throws -> Double {
            let cost = try #require(AlphaBeta.network(packet, from: 0, to: 1, duplex: duplex))
            return compute.seconds + 2 * cost.message(Double(Self.activationBytes))
        }
        for (name, episode, expected) in [
            ("packet", Self.run(graph, packet, durations: durations).episode.executor, try expected(duplex: false)),
            ("flow", Self.run(graph, flow, durations: durations).episode.executor, try expected(duplex: true)),
        ] {
            #expect(episode.isComplete, "\(name)")
            let end = graph.end(executor: episode, durations: durations)
            #expect(end.rank == 0, "\(name): stage 1 ends the step with its backward pass")
            #expect(
                abs(end.end.seconds - expected) / expected < 1e-6, "\(name): \(end.end.seconds) against \(expected)")
            // Stage 2 waited inside the step for the network: its forward began when the activations arrived.
            let f2 = Int(ops["f2"]!)
            let activations = Int(ops["activations"]!)
            #expect(episode.startTime[f2] == episode.finishTime[activations], "\(name)")
            #expect(episode.startTime[activations] == Self.forward1, "\(name)")
            // With an infinitely fast network the step is its computes in a row.
            #expect(graph.computeOnlyEnd(durations: durations) == compute)
            // The critical path runs back through both messages to stage 1's forward pass; the rank the step
            // waited for is stage 2, whose backward pass released the gradients stage 1 waited for.
            let path = episode.criticalPath(to: Int(graph.rankEnds[end.rank]))
            #expect(path == ["b1", "gradients", "b2", "f2", "activations", "f1"].map { Int(ops[$0]!) }, "\(name)")
            #expect(graph.criticalRank(on: path) == 1, "\(name)")
        }
    }

    @Test("computes that only computes wait for take no event: a rank's chain ends ahead of the clock")
    func computeChainsTakeNoEvents() throws {
        let topology = try Self.pair()
        var b = WorkloadGraphBuilder(layout: GPULayout(topology: topology), members: [0, 1])
        var last: [OpID] = [-1, -1]
        for phase in 0..<3 {
            for rank in 0..<2 {
                last[rank] = b.compute(ComputeTask(rank: rank, phase: phase), after: last[rank] < 0 ? [] : [last[rank]])
            }
        }
        let graph = b.build(rankEnds: last)
        let draws = ComputeDraws(phases: 3, times: [1, 2, 3, 10, 20, 30].map { SimTime.microseconds($0) })
        let durations = graph.durations(draws)
        let (episode, events) = Self.run(
            graph, PacketNetwork(topology: topology, config: .infiniband, seed: 1), durations: durations)
        #expect(events == 0)
        #expect(episode.executor.isComplete)
        let end = graph.end(executor: episode.executor, durations: durations)
        #expect(end.rank == 1 && end.end == .microseconds(60))
        #expect(episode.executor.lastFinish == .microseconds(60))
        #expect(graph.computeTime(durations: durations) == [.microseconds(6), .microseconds(60)])
        #expect(graph.criticalRank(on: episode.executor.criticalPath(to: Int(last[1]))) == nil)
    }

    @Test("a compute waits for the later of its dependencies, even when a compute counted it down first")
    func computeWaitsForItsLastDependency() throws {
        let topology = try Self.pair()
        var b = WorkloadGraphBuilder(layout: GPULayout(topology: topology), members: [0, 1])
        // Rank 1's long compute ends after rank 0's message arrives: the second compute starts at its end.
        let long = b.compute(ComputeTask(rank: 1, phase: 0))
        let message = b.send(from: 0, to: 1, bytes: 4096)
        let next = b.compute(ComputeTask(rank: 1, phase: 1), after: [long, message])
        let graph = b.build(rankEnds: [message, next])
        let durations = [SimTime.milliseconds(1), .microseconds(5)]
        let (episode, _) = Self.run(
            graph, PacketNetwork(topology: topology, config: .infiniband, seed: 1), durations: durations)
        let e = episode.executor
        #expect(e.finishTime[Int(message)] < .milliseconds(1))
        #expect(e.startTime[Int(next)] == .milliseconds(1))
        #expect(e.finishTime[Int(next)] == .milliseconds(1) + .microseconds(5))
        #expect(e.criticalPath(to: Int(next)) == [Int(next), Int(long)])
    }

    @Test("the data-parallel graph's compute-only step is the slowest forward + backward plus the longest optimizer")
    func dataParallelComputeOnlyIsItsClosedForm() throws {
        let topology = try RailOptimizedConfig(servers: 2, gpusPerServer: 4, spines: 1).build()
        let job = TrainingJob(
            steps: 1, forward: .microseconds(300), backward: .microseconds(700), optimizer: .microseconds(50),
            jitter: .logNormal(cv: 0.2), gradientBytes: 1 << 20, buckets: 3,
            allReduce: CollectiveSpec(.allReduce, algorithm: .ring, bytes: 0))
        let dp = DataParallelGraph(job: job, layout: GPULayout(topology: topology), members: Array(0..<8))
        var jitter = RandomStream(seed: 7, name: "workload.jitter")
        var stragglers = RandomStream(seed: 7, name: "workload.stragglers")
        let draws = dp.compute.draw(step: 0, ranks: 8, jitter: &jitter, stragglers: &stragglers)
        let durations = dp.graph.durations(draws)
        let fb = (0..<8).map { draws[$0, DataParallelGraph.forward] + draws[$0, DataParallelGraph.backward] }.max()!
        let optimizer = (0..<8).map { draws[$0, DataParallelGraph.optimizer] }.max()!
        #expect(dp.graph.computeOnlyEnd(durations: durations) == fb + optimizer)
        // Of its computes only the backward parts that release a bucket are waited for by communication (one
        // event each, as the buckets' releases always were); the forward passes and the optimizers are not.
        let computes = dp.graph.schedule.computeOps.count
        #expect(computes == 8 * (3 + 2))
        #expect(dp.graph.communicationOperations == dp.graph.schedule.count - 8 * 2)
        // The backward parts add up to the backward pass exactly: each rank computes F + B + O.
        #expect(
            dp.graph.computeTime(durations: durations)
                == (0..<8).map { r in (0..<3).reduce(SimTime.zero) { $0 + draws[r, $1] } })
    }
}
