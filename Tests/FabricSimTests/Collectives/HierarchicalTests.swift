import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

/// Hierarchical all-reduce on a rail-optimised fabric: NVLink inside servers, one all-reduce per rail across them.
@Suite("Collectives: hierarchical all-reduce on rails")
struct HierarchicalTests {
    static let servers = 4
    static let gpus = 4
    static let bytes: Int64 = 8 << 20

    static func topology() throws -> Topology {
        try RailOptimizedConfig(servers: servers, gpusPerServer: gpus, spines: 2).build()
    }

    /// Payload bytes each host put on its cable: its port's byte counter less the framing of its data packets
    /// and the acknowledgements it sent for the packets it received (one per packet: nothing is lost).
    static func payloadSent(_ network: PacketNetwork) -> [Int64] {
        let topology = network.topology
        var framing = [Int64](repeating: 0, count: topology.hosts.count)
        for flow in network.records {
            framing[Int(flow.source)] += Int64(flow.packets) * Int64(network.config.headerBytes)
            framing[Int(flow.destination)] += Int64(flow.packets) * Int64(network.config.ackBytes)
        }
        return (0..<topology.hosts.count).map {
            network.ports[topology.uplink(ofHost: $0).index].bytesSent - framing[$0]
        }
    }

    @Test(
        "each GPU's NIC carries 2(S−1)/S · N/G — 1/G of the buffer — per rail, by the port byte counters, and no byte crosses a spine"
    )
    func oneGthPerRail() throws {
        let topology = try Self.topology()
        let (episode, schedule) = CollectiveFixtures.run(
            CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: Self.bytes), on: topology)
        #expect(episode.executor.isComplete)
        let network = episode.fabric.network
        #expect(network.conservation.passed)
        let s = Int64(Self.servers)
        let perGPU = 2 * (s - 1) * (Self.bytes / Int64(Self.gpus)) / s
        let sent = Self.payloadSent(network)
        for server in 0..<Self.servers {
            for gpu in 0..<Self.gpus {
                let host = topology.hostIndex[topology.servers[server].nics[gpu].index]
                #expect(sent[Int(host)] == perGPU, "server \(server) GPU \(gpu)")
            }
        }
        // Per rail: the S NICs of rail g carry 2(S−1)/G · N between them: each rail 1/G of the fabric's traffic.
        #expect(sent.reduce(0, +) == 2 * (s - 1) * Self.bytes)
        #expect(schedule.bytes(of: .network) == sent.reduce(0, +))
        // The rail's leaf joins all its NICs: nothing goes up to a spine.
        let spineBytes = topology.ports.indices.filter { topology.nodes[topology.ports[$0].node.index].role == .spine }
            .reduce(Int64(0)) { $0 + network.ports[$1].bytesSent }
        #expect(spineBytes == 0)
        // Inside each server the reduce-scatter and all-gather move 2(G−1)/G · N over NVLink per GPU.
        #expect(episode.fabric.nvlink.bytesMoved == Int64(Self.servers) * 2 * Int64(Self.gpus - 1) * Self.bytes)
    }

    @Test("a flat ring over the same GPUs changes rail at every server and crosses the spines")
    func flatRingCrossesRails() throws {
        let topology = try Self.topology()
        let (episode, _) = CollectiveFixtures.run(
            CollectiveSpec(.allReduce, algorithm: .ring, bytes: Self.bytes), on: topology)
        let network = episode.fabric.network
        let spineBytes = topology.ports.indices.filter { topology.nodes[topology.ports[$0].node.index].role == .spine }
            .reduce(Int64(0)) { $0 + network.ports[$1].bytesSent }
        #expect(spineBytes > 0)
    }

    @Test("hierarchical time: NVLink reduce-scatter + ring over the rail + NVLink all-gather, within 5 %")
    func time() throws {
        let topology = try Self.topology()
        let spec = CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: Self.bytes)
        let (episode, _) = CollectiveFixtures.run(spec, on: topology)
        let layout = GPULayout(topology: topology)
        let network = AlphaBeta.network(
            episode.fabric.network, from: Int(layout.host[0]), to: Int(layout.host[Self.gpus]))!
        let model = CollectiveCostModel.hierarchical(
            servers: Self.servers, gpusPerServer: Self.gpus, bytes: Double(Self.bytes),
            chunk: Double(spec.chunkBytes), network: network,
            nvlink: AlphaBeta.nvlink(topology.servers[0]))
        #expect(
            CollectiveFixtures.relativeError(episode.executor.lastFinish, model) < 0.05,
            "measured \(episode.executor.lastFinish), model \(model) s")
    }
}
