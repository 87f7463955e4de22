import FabricCollectives
import FabricFlow
import FabricKernel
import FabricNetwork
import FabricTopology
import Testing

/// Flow mode on idle non-blocking fabrics against the closed-form cost models of CostModel.swift: the fluid
/// model adds each message's path latency to its drain at the NIC's rate, which is the α + m·β the models sum.
/// Rings of 1,024 and 4,096 ranks run in scripts/validate-flow.sh in release: a debug build is too slow for the
/// suite there (a 4,096-rank ring is 33 million messages); halving-doubling and hierarchical reach 4,096 here.
@Suite("Flow mode: collective times equal the cost models on idle fabrics")
struct FlowCostModelTests {
    /// One size of `spec` in flow mode, through the simulated nccl-tests (which states the model's time).
    static func sweep<Network: Transport>(_ spec: CollectiveSpec, on topology: Topology, config: NetworkConfig = .infiniband,
                                          _: Network.Type = FlowNetwork.self) throws -> CollectiveSweepRow {
        var simulator = Simulator(model: CollectiveSweep<Network>(topology: topology, config: config, seed: 1, spec: spec, sizes: [spec.bytes]))
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
            try Self.expectModel(Self.sweep(CollectiveSpec(.allReduce, algorithm: .ring, bytes: bytes), on: topology, config: config),
                                 "ring p=\(p)")
        }
    }

    @Test("recursive halving-doubling, with and without a fold", arguments: [8, 12, 512, 4096])
    func halvingDoubling(p: Int) throws {
        let row = try Self.sweep(CollectiveSpec(.allReduce, algorithm: .halvingDoubling, bytes: 64 << 20), on: CollectiveFixtures.star(p))
        // Beyond a power of two (12) the fold's messages go one way only; flow mode, like the model, still counts
        // their acknowledgements on the sender's cable (duplex β), so the two agree there too.
        try Self.expectModel(row, "halving-doubling p=\(p)")
    }

    @Test("hierarchical: NVLink rings inside servers, a ring or halving-doubling per rail across them",
          arguments: [(4, CollectiveAlgorithm.ring), (32, .ring), (512, .halvingDoubling)])
    func hierarchical(servers: Int, across: CollectiveAlgorithm) throws {
        let topology = try RailOptimizedConfig(servers: servers, gpusPerServer: 8, spines: 1).build()
        let spec = CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: 64 << 20, interServer: across)
        try Self.expectModel(Self.sweep(spec, on: topology), "hierarchical \(servers)×8 over \(across.rawValue)")
    }

    /// The tree's closed form, Bβ + 2D(α + sβ), lets a chunk climb one level per chunk time; but a NIC sends to
    /// its parent and to its children at once, sharing its cable, so a level takes longer. Flow mode agrees with
    /// packet mode there, not with the closed form; docs/validation.md gives the deviation by size of the tree.
    @Test("double binary tree: flow mode agrees with packet mode and stays above the busiest NIC's bytes", arguments: [4, 8])
    func tree(p: Int) throws {
        let topology = try CollectiveFixtures.star(p)
        let spec = CollectiveSpec(.allReduce, algorithm: .tree, bytes: 8 << 20)
        let flow = try Self.sweep(spec, on: topology)
        let packet = try Self.sweep(spec, on: topology, PacketNetwork.self)
        let cost = CollectiveFixtures.cost(topology)
        let bound = CollectiveCostModel.doubleBinaryTree(ranks: p, bytes: Double(spec.bytes), chunk: 1, cost: AlphaBeta(alpha: 0, beta: cost.beta))
        #expect(flow.time.seconds >= bound)
        #expect(abs(flow.time.seconds - packet.time.seconds) / packet.time.seconds < 0.02, "flow \(flow.time), packet \(packet.time)")
    }
}
