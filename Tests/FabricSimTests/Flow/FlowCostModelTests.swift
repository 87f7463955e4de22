import FabricCollectives
import FabricFlow
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

/// Flow mode on idle non-blocking fabrics against the closed-form cost models of CostModel.swift: the fluid
/// model adds each message's path latency to its drain at the NIC's rate, which is the α + m·β the models sum.
/// Rings of 1,024 and 4,096 ranks run in scripts/validate-flow.sh in release: a debug build is too slow for the
/// suite there (a 4,096-rank ring is 33 million messages); halving-doubling, tree and hierarchical reach 4,096 here.
@Suite("Flow mode: collective times equal the cost models on idle fabrics")
struct FlowCostModelTests {
    /// One size of `spec` in flow mode, through the simulated nccl-tests (which states the model's time).
    static func sweep<Network: Transport>(
        _ spec: CollectiveSpec, on topology: Topology, config: NetworkConfig = .infiniband,
        _: Network.Type = FlowNetwork.self
    ) throws -> CollectiveSweepRow {
        var simulator = Simulator(
            model: CollectiveSweep<Network>(
                topology: topology, config: config, seed: 1, spec: spec, sizes: [spec.bytes]))
        simulator.start()
        _ = simulator.run()
        #expect(simulator.model.failures.isEmpty, "\(simulator.model.failures)")
        return try #require(simulator.model.rows.first)
    }

    static func expectModel(_ row: CollectiveSweepRow, _ label: String) throws {
        let model = try #require(row.modelTime)
        let error = abs(row.time.seconds - model) / model
        #expect(error < 0.005, "\(label): flow \(row.time), model \(model) s, error \(error)")
    }

    @Test("ring all-reduce, InfiniBand and RoCEv2", arguments: [8, 64, 256])
    func ring(p: Int) throws {
        let topology = try CollectiveFixtures.star(p)
        for (config, bytes) in [(NetworkConfig.infiniband, Int64(p) << 16), (.roce, Int64(p) << 19)] {
            try Self.expectModel(
                Self.sweep(CollectiveSpec(.allReduce, algorithm: .ring, bytes: bytes), on: topology, config: config),
                "ring p=\(p)")
        }
    }

    @Test("recursive halving-doubling, with and without a fold", arguments: [8, 12, 512, 4096])
    func halvingDoubling(p: Int) throws {
        let row = try Self.sweep(
            CollectiveSpec(.allReduce, algorithm: .halvingDoubling, bytes: 64 << 20), on: CollectiveFixtures.star(p))
        // Beyond a power of two (12) the fold's messages go one way only; flow mode, like the model, still counts
        // their acknowledgements on the sender's cable (duplex β), so the two agree there too.
        try Self.expectModel(row, "halving-doubling p=\(p)")
    }

    @Test(
        "hierarchical: NVLink rings inside servers, a ring, tree or halving-doubling per rail across them",
        arguments: [(4, CollectiveAlgorithm.ring), (32, .ring), (32, .tree), (512, .halvingDoubling)])
    func hierarchical(servers: Int, across: CollectiveAlgorithm) throws {
        let topology = try RailOptimizedConfig(servers: servers, gpusPerServer: 8, spines: 1).build()
        let spec = CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: 64 << 20, interServer: across)
        try Self.expectModel(Self.sweep(spec, on: topology), "hierarchical \(servers)×8 over \(across.rawValue)")
    }

    /// The two-tree schedule never lets two messages share a cable, so each fluid flow runs alone at line rate and
    /// the all-reduce takes the model's longest path through the plan exactly, from two ranks to 4,096.
    @Test(
        "double binary tree",
        arguments: [(2, Int64(8) << 20), (3, 8 << 20), (12, 8 << 20), (64, 8 << 20), (4096, 4 << 20)])
    func tree(p: Int, bytes: Int64) throws {
        var spec = CollectiveSpec(.allReduce, algorithm: .tree, bytes: bytes)
        spec.chunkBytes = 1 << 20
        let row = try Self.sweep(spec, on: CollectiveFixtures.star(p))
        let model = try #require(row.modelTime)
        #expect(abs(row.time.seconds - model) / model < 1e-9, "tree p=\(p): flow \(row.time), model \(model) s")
    }
}
