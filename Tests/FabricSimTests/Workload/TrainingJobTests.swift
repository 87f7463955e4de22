import FabricCollectives
import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// The synchronous data-parallel job: a step waits for its slowest rank, overlap hides all but the last bucket,
/// and the report names what the step waited for.
@Suite("Workload: training steps")
struct TrainingJobTests {
    /// 2 servers × 8 GPUs on rails: 16 ranks.
    static func rails() throws -> Topology {
        try RailOptimizedConfig(servers: 2, gpusPerServer: 8, spines: 1).build()
    }

    static func run(_ job: TrainingJob, on topology: Topology, config: NetworkConfig = .infiniband, seed: UInt64 = 1)
        -> TrainingRun<PacketNetwork>
    {
        var simulator = Simulator(
            model: TrainingRun<PacketNetwork>(job: job, topology: topology, network: config, seed: seed))
        simulator.start()
        _ = simulator.run()
        return simulator.model
    }

    @Test(
        "one rank at 15 ms among 10 ms ranks: the step takes the straggler's time plus its last bucket's all-reduce, and names it"
    )
    func straggler() throws {
        let topology = try Self.rails()
        let job = TrainingJob(
            steps: 3, forward: .microseconds(3_000), backward: .microseconds(7_000),
            stragglers: [Straggler(rank: 11, factor: 1.5)],
            gradientBytes: 8 << 20, buckets: 4,
            allReduce: CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: 0))
        let run = Self.run(job, on: topology)
        #expect(run.records.count == 3)
        #expect(run.failures.isEmpty)
        for record in run.records {
            #expect(record.computeOnly == .milliseconds(15))
            #expect(record.time > .milliseconds(15))
            // Only the straggler's last bucket (2 MB) is left to reduce after it finishes: well under 0.5 ms.
            #expect(record.time < .milliseconds(15) + .microseconds(500), "step \(record.step): \(record.time)")
            #expect(record.criticalRank == 11)
            #expect(record.slowestComputeRank == 11)
            #expect(record.stall == record.time - record.computeOnly)
        }
        let metrics = run.metrics(now: .milliseconds(50))
        #expect(metrics["slowest_step_critical_rank"] == .int(11))
    }

    @Test("GPU busy is the mean over ranks of compute ÷ step time: the ranks that wait for a straggler are idle")
    func busyFraction() throws {
        let topology = try Self.rails()
        let job = TrainingJob(
            steps: 2, forward: .microseconds(3_000), backward: .microseconds(7_000),
            stragglers: [Straggler(rank: 0, factor: 1.5)],
            gradientBytes: 4 << 20, buckets: 2,
            allReduce: CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: 0))
        let run = Self.run(job, on: topology)
        #expect(run.records.count == 2 && run.failures.isEmpty)
        for record in run.records {
            // 15 ranks compute 10 ms, one 15 ms.
            let expected = (15 * 10e-3 + 15e-3) / 16 / record.time.seconds
            #expect(abs(record.busyFraction - expected) < 1e-9)
        }
    }

    @Test("overlap: with the gradients in 8 buckets, the stall is far below the all-reduce of all of them at the end")
    func overlap() throws {
        let topology = try Self.rails()
        func stall(buckets: Int) -> SimTime {
            let job = TrainingJob(
                steps: 1, forward: .milliseconds(1), backward: .milliseconds(4), gradientBytes: 32 << 20,
                buckets: buckets, allReduce: CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: 0))
            return Self.run(job, on: topology).records[0].stall
        }
        let one = stall(buckets: 1)
        let eight = stall(buckets: 8)
        #expect(one > .microseconds(150))
        #expect(eight.seconds < one.seconds / 4, "1 bucket: \(one), 8 buckets: \(eight)")
    }

    @Test("stragglers for some steps only, and by chance, slow exactly the steps they cover")
    func intermittentStraggler() throws {
        let topology = try Self.rails()
        let job = TrainingJob(
            steps: 6, forward: .milliseconds(1), backward: .milliseconds(2),
            stragglers: [Straggler(rank: 3, factor: 2, firstStep: 2, lastStep: 3)],
            gradientBytes: 1 << 20, buckets: 1,
            allReduce: CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: 0))
        let run = Self.run(job, on: topology)
        #expect(run.records.map(\.computeOnly) == [3, 3, 6, 6, 3, 3].map { SimTime.milliseconds($0) })
        #expect(run.records[2].criticalRank == 3 && run.records[3].criticalRank == 3)
    }

    @Test("the same seed gives the same steps; jitter draws differ per rank and per step")
    func determinism() throws {
        let topology = try Self.rails()
        let job = TrainingJob(
            steps: 3, forward: .milliseconds(1), backward: .milliseconds(2), jitter: .logNormal(cv: 0.05),
            gradientBytes: 1 << 20, buckets: 2, allReduce: CollectiveSpec(.allReduce, algorithm: .ring, bytes: 0))
        let a = Self.run(job, on: topology, seed: 7)
        let b = Self.run(job, on: topology, seed: 7)
        let c = Self.run(job, on: topology, seed: 8)
        #expect(a.records == b.records)
        #expect(a.records != c.records)
        #expect(Set(a.records.map(\.computeOnly)).count == 3)
    }

    @Test("background flows sharing the fabric stretch the stall, and stop with the step's communication")
    func backgroundTraffic() throws {
        let topology = try LeafSpineConfig(
            leaves: 2, spines: 1, serversPerLeaf: 2, server: ServerConfig(gpusPerServer: 2, nicsPerServer: 2)
        ).build()
        var job = TrainingJob(
            steps: 3, forward: .microseconds(50), backward: .microseconds(100), gradientBytes: 2 << 20, buckets: 2,
            allReduce: CollectiveSpec(.allReduce, algorithm: .ring, bytes: 0))
        let quiet = Self.run(job, on: topology)
        job.background = [
            .poisson(load: 0.8, sizes: FlowSizeDistributions.webSearch, trafficClass: 1, start: .zero, stop: .max)
        ]
        let loaded = Self.run(job, on: topology)
        #expect(loaded.failures.isEmpty, "\(loaded.failures)")
        #expect(loaded.backgroundFlows > 0)
        #expect(loaded.records.map(\.computeOnly) == quiet.records.map(\.computeOnly))
        let quietStall = quiet.records.map(\.stall.seconds).reduce(0, +)
        let loadedStall = loaded.records.map(\.stall.seconds).reduce(0, +)
        #expect(loadedStall > quietStall * 1.2, "stall without background \(quietStall) s, with \(loadedStall) s")
    }
}
