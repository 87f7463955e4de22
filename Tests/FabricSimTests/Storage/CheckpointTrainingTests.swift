import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricStorage
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// Checkpoints inside a training run: what they stall, and what an upload does to the all-reduce beside it.
@Suite struct CheckpointTrainingTests {
    /// Four single-GPU servers on two leaves, 100 Gb/s; a ring all-reduce of 1 MiB per step.
    static let job = TrainingJob(
        steps: 6, forward: .microseconds(200), backward: .microseconds(300), gradientBytes: 1 << 20,
        allReduce: CollectiveSpec(.allReduce, algorithm: .ring, bytes: 0))

    static func run(
        _ mode: CheckpointPolicy.Mode, network placement: StorageNetwork,
        media: Bandwidth = Bandwidth(bitsPerSecond: 400_000_000_000)
    ) throws -> (TrainingRun<PacketNetwork>, SimTime) {
        let training = try LeafSpineConfig(
            leaves: 2, spines: 1, serversPerLeaf: 2, server: .singleGPU,
            hostLinkRate: .gigabitsPerSecond(100), fabricLinkRate: .gigabitsPerSecond(100)
        ).build()
        let storage = StorageConfig(
            servers: 2, nicsPerServer: 1, nicRate: .gigabitsPerSecond(100), mediaBandwidth: media,
            requestLatency: .microseconds(50), stripeCount: 2, network: placement)
        let fabric = try StorageFabric(training: training, config: storage)
        // 1 M parameters × 16 B: 16 MiB, 4 MiB a rank, after steps 2 and 5.
        let policy = CheckpointPolicy(parameters: 1 << 20, trigger: .steps(3), mode: mode)
        let setup = CheckpointSetup(policy: policy, storage: storage, fabric: fabric, goodput: nil)
        let topology = fabric.isConverged ? fabric.topology : training
        var simulator = Simulator(
            model: TrainingRun<PacketNetwork>(
                job: job, topology: topology, network: .infiniband, seed: 1,
                checkpointing: setup))
        simulator.start()
        _ = simulator.run()
        return (simulator.model, simulator.scheduler.now)
    }

    /// Mean all-reduce time of the steps with and without an upload beside them.
    static func communication(_ run: TrainingRun<PacketNetwork>) throws -> (with: Double, without: Double) {
        let overlapped = try #require(run.checkpoints).overlapped
        let with = run.records.filter { overlapped[$0.step] }.map(\.communication.seconds)
        let without = run.records.filter { !overlapped[$0.step] }.map(\.communication.seconds)
        try #require(!with.isEmpty && !without.isEmpty)
        return (with.reduce(0, +) / Double(with.count), without.reduce(0, +) / Double(without.count))
    }

    @Test func aSynchronousCheckpointStallsTrainingForItsWholeWrite() throws {
        // Media at 2 GB/s a server, the bottleneck: 16 MiB ÷ 4 GB/s + 50 µs.
        let (run, end) = try Self.run(
            .synchronous, network: .converged(.dedicatedLeaves(1)),
            media: Bandwidth(bitsPerSecond: 16_000_000_000))
        let checkpoints = try #require(run.checkpoints)
        #expect(checkpoints.records.count == 2)
        #expect(checkpoints.failures.isEmpty && run.failures.isEmpty)
        let expected = Double(16 << 20) / 4e9 + 50e-6
        for record in checkpoints.records {
            #expect(abs(record.stall.seconds - expected) / expected < 0.02, "stall \(record.stall)")
            #expect(record.stepsOverlapped == 0)
        }
        // The job's clock: every step, then every stall.
        let steps = run.records.reduce(SimTime.zero) { $0 + $1.time }
        #expect(end == steps + checkpoints.records.reduce(SimTime.zero) { $0 + $1.stall })
        #expect(!checkpoints.overlapped.contains(true))
    }

    @Test func anAsynchronousUploadOnAConvergedFabricSlowsTheAllReduce() throws {
        let (run, _) = try Self.run(.asynchronous, network: .converged(.dedicatedLeaves(1)))
        let checkpoints = try #require(run.checkpoints)
        #expect(checkpoints.failures.isEmpty && run.failures.isEmpty)
        // Training stood still only for the snapshot: 4 MiB at 50 GB/s (the last checkpoint also waits for its upload).
        let snapshot = CheckpointPolicy(parameters: 1 << 20, trigger: .steps(3), mode: .asynchronous).snapshotTime(
            ranks: 4)
        #expect(checkpoints.records[0].stall == snapshot)
        #expect(checkpoints.records[0].stepsOverlapped >= 1)
        #expect(checkpoints.records.allSatisfy { $0.durable != nil })
        let (with, without) = try Self.communication(run)
        #expect(with > without * 1.05, "with the upload \(with), without \(without)")
    }

    @Test func anAsynchronousUploadOnASeparateNetworkLeavesTheAllReduceAlone() throws {
        let (run, _) = try Self.run(
            .asynchronous, network: .separate(FrontEndNetwork(nicsPerServer: 1, serversPerLeaf: 2, spines: 1)))
        let checkpoints = try #require(run.checkpoints)
        #expect(checkpoints.failures.isEmpty && run.failures.isEmpty)
        #expect(checkpoints.records[0].stepsOverlapped >= 1)
        let (with, without) = try Self.communication(run)
        #expect(abs(with - without) / without < 0.001, "with the upload \(with), without \(without)")
    }
}
