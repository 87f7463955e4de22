import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport

/// Small fabrics and one-call runs for the collective tests.
enum CollectiveFixtures {
    /// p single-GPU servers on one switch: an idle, non-blocking fabric with one path between any two NICs.
    static func star(_ p: Int, rate: Bandwidth = .gigabitsPerSecond(400)) throws -> Topology {
        try LeafSpineConfig(leaves: 1, spines: 0, serversPerLeaf: p, server: .singleGPU, hostLinkRate: rate).build()
    }

    /// Builds `spec` over every GPU (or `members`), runs it alone on an idle network and returns the episode.
    static func run(
        _ spec: CollectiveSpec, on topology: Topology, config: NetworkConfig = .infiniband, members: [Int]? = nil,
        seed: UInt64 = 1, window: Int = 2
    ) -> (episode: CollectiveEpisode<PacketNetwork>, schedule: TransferSchedule) {
        let layout = GPULayout(topology: topology)
        var builder = ScheduleBuilder(layout: layout, streamWindow: window)
        _ = builder.collective(spec, members: members ?? Array(0..<layout.count))
        let schedule = builder.build()
        let fabric = CollectiveFabric(
            network: PacketNetwork(topology: topology, config: config, seed: seed), layout: layout)
        return (CollectiveEpisode.run(CollectiveEpisode(fabric: fabric, schedule: schedule)).episode, schedule)
    }

    /// The α–β cost between hosts 0 and 1 of an idle network on `topology`.
    static func cost(_ topology: Topology, config: NetworkConfig = .infiniband) -> AlphaBeta {
        AlphaBeta.network(PacketNetwork(topology: topology, config: config, seed: 1), from: 0, to: 1)!
    }

    static func relativeError(_ measured: SimTime, _ model: Double) -> Double {
        abs(measured.seconds - model) / model
    }
}
