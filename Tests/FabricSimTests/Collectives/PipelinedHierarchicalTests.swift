import FabricCollectives
import FabricFlow
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

/// The pipelined hierarchical all-reduce on a rail-optimised fabric: a ring per rail across servers, fed and
/// drained chunk by chunk by NVLink rings inside the servers, against its closed form (docs/collectives.md).
@Suite("Collectives: pipelined hierarchical all-reduce")
struct PipelinedHierarchicalTests {
    static let nvlinkRate = 450e9 // bytes per second per GPU, TopologyDefaults.nvlinkBandwidth
    static let nvlinkLatency = 500e-9 // TopologyDefaults.nvlinkLatency

    /// The closed form, written out: the ring all-reduce of n/G over S servers in C chunks of m bytes a segment
    /// (steps of max(C·mβ, α + mβ)), plus twice one slice's NVLink ring of G − 1 steps of W messages of σ = Q·m
    /// over NVLink: (G − 2)·max(W·σ, α + σ) + σ + α; or, where NVLink is the bottleneck (few servers), every
    /// GPU's 2(G − 1) NVLink messages a slice back to back.
    static func expected(
        servers s: Int, gpus g: Int, bytes n: Double, chunks c: Int, chunksPerSlice q: Int, pair w: Int,
        network: AlphaBeta
    ) -> Double {
        let m = n / Double(g) / Double(s) / Double(c)
        let chunk = m * network.beta
        let step = max(Double(c) * chunk, network.alpha + chunk)
        let ring = Double(2 * (s - 1) - 1) * step + Double(c) * chunk + network.alpha
        let sigma = Double(q) * m / nvlinkRate
        let slice = Double(g - 2) * max(Double(w) * sigma, nvlinkLatency + sigma) + sigma + nvlinkLatency
        // When NVLink is the bottleneck: 2(G − 1) messages of σ per slice, back to back from every GPU.
        let slices = Double(s * c / q)
        return max(ring + 2 * slice, 2 * slices * Double(g - 1) * sigma + nvlinkLatency)
    }

    static func spec(_ bytes: Int64) -> CollectiveSpec {
        CollectiveSpec(.allReduce, algorithm: .pipelinedHierarchical, bytes: bytes)
    }

    @Test(
        "4 servers × 4 GPUs, packets: the time is the ring's, started and ended one NVLink slice late, within 0.5 %",
        arguments: [
            // 1 MiB: 64 KiB segments, one chunk each, all 4 in one slice (so that it reaches 512 KiB); 8 MiB: one
            // 512 KiB chunk a segment, a slice per chunk, two in step; 32 MiB: 4 chunks a segment.
            (Int64(1) << 20, 1, 4, 1), (8 << 20, 1, 1, 2), (32 << 20, 4, 1, 2),
        ])
    func packetTime(bytes: Int64, chunks: Int, chunksPerSlice: Int, pair: Int) throws {
        let topology = try RailOptimizedConfig(servers: 4, gpusPerServer: 4, spines: 2).build()
        let (episode, _) = CollectiveFixtures.run(Self.spec(bytes), on: topology)
        #expect(episode.executor.isComplete)
        #expect(episode.fabric.network.conservation.passed)
        let layout = GPULayout(topology: topology)
        let network = try #require(
            AlphaBeta.network(episode.fabric.network, from: Int(layout.host[0]), to: Int(layout.host[4])))
        let closed = Self.expected(
            servers: 4, gpus: 4, bytes: Double(bytes), chunks: chunks, chunksPerSlice: chunksPerSlice, pair: pair,
            network: network)
        let model = CollectiveCostModel.pipelinedHierarchical(
            servers: 4, gpusPerServer: 4, bytes: Double(bytes), chunk: Double(CollectiveSpec.defaultChunkBytes),
            network: network, nvlink: AlphaBeta.nvlink(topology.servers[0]))
        #expect(abs(model - closed) / closed < 1e-9, "the cost model is the closed form: \(model) against \(closed)")
        #expect(
            CollectiveFixtures.relativeError(episode.executor.lastFinish, closed) < 0.005,
            "simulated \(episode.executor.lastFinish), closed form \(closed) s")
    }

    @Test("each NIC carries 2(S − 1)/S · N/G, nothing crosses a spine, NVLink moves 2(G − 1)/G · N per GPU")
    func traffic() throws {
        let topology = try RailOptimizedConfig(servers: 4, gpusPerServer: 4, spines: 2).build()
        let bytes: Int64 = 8 << 20
        let (episode, schedule) = CollectiveFixtures.run(Self.spec(bytes), on: topology)
        let network = episode.fabric.network
        let sent = HierarchicalTests.payloadSent(network)
        for host in sent.indices { #expect(sent[host] == 2 * 3 * (bytes / 4) / 4, "host \(host)") }
        #expect(schedule.bytes(of: .network) == sent.reduce(0, +))
        let spineBytes = topology.ports.indices.filter { topology.nodes[topology.ports[$0].node.index].role == .spine }
            .reduce(Int64(0)) { $0 + network.ports[$1].bytesSent }
        #expect(spineBytes == 0)
        #expect(episode.fabric.nvlink.bytesMoved == 4 * 2 * 3 * bytes)
    }

    @Test(
        "flow mode equals the closed form (within 0.1 %) from 2 to 32 servers of 8 GPUs, NVLink- or NIC-bound",
        arguments: [
            (2, Int64(64) << 20, 8, 1, 2), (2, 16 << 20, 2, 1, 2), (5, 64 << 20, 4, 2, 2), (8, 64 << 20, 2, 1, 2),
            (32, 64 << 20, 1, 2, 2), (8, 4 << 20, 1, 8, 1),
        ])
    func flowTime(servers: Int, bytes: Int64, chunks: Int, chunksPerSlice: Int, pair: Int) throws {
        let topology = try RailOptimizedConfig(servers: servers, gpusPerServer: 8, spines: 1).build()
        let row = try FlowCostModelTests.sweep(Self.spec(bytes), on: topology)
        let network = try #require(
            AlphaBeta.network(
                FlowNetwork(topology: topology, config: .infiniband, seed: 1), from: 0,
                to: Int(GPULayout(topology: topology).host[8])))
        let closed = Self.expected(
            servers: servers, gpus: 8, bytes: Double(bytes), chunks: chunks, chunksPerSlice: chunksPerSlice,
            pair: pair, network: network)
        #expect(abs(row.time.seconds - closed) / closed < 1e-3, "flow \(row.time), closed form \(closed) s")
        #expect(abs(try #require(row.modelTime) - closed) / closed < 1e-9)
    }

    /// The ceiling from the link rates: each NIC must carry 2(S − 1)/S · N/G at its payload rate and each GPU's
    /// NVLink 2(G − 1)/G · N, so busbw = 2(n − 1)/n · N/t is at most (n − 1)/n · min(G·B_NIC·S/(S − 1),
    /// B_NVLink·G/(G − 1)); with 8 × 8 GPUs and 400 Gb/s NDR, 444 GB/s, set by the NICs.
    @Test("8 servers × 8 GPUs, 256 MiB: at least 95 % of the bus-bandwidth ceiling the link rates allow (flow)")
    func ceiling() throws {
        let topology = try RailOptimizedConfig(servers: 8, gpusPerServer: 8, spines: 1).build()
        let row = try FlowCostModelTests.sweep(Self.spec(256 << 20), on: topology)
        let config = NetworkConfig.infiniband
        let nic = 400e9 / 8 * Double(config.mtu) / Double(config.mtu + config.headerBytes + config.ackBytes)
        let (s, g, n) = (8.0, 8.0, 64.0)
        let ceiling = (n - 1) / n * min(g * nic * s / (s - 1), Self.nvlinkRate * g / (g - 1))
        #expect(abs(ceiling - 443.93e9) < 0.01e9)
        #expect(row.busBandwidth * 1e9 >= 0.95 * ceiling, "busbw \(row.busBandwidth) GB/s, ceiling \(ceiling / 1e9)")
        // The sequential algorithm, for contrast, runs its phases one after the other.
        let sequential = try FlowCostModelTests.sweep(
            CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: 256 << 20), on: topology)
        #expect(sequential.busBandwidth * 1e9 < 0.6 * ceiling)
    }

    @Test("only a ring runs across servers")
    func ringAcross() {
        let spec = CollectiveSpec(.allReduce, algorithm: .pipelinedHierarchical, bytes: 1 << 20, interServer: .tree)
        #expect(spec.problem(ranks: 16)?.contains("is a ring, not tree") == true)
    }

    @Test("slices: the fewest chunks that reach a chunk's size, dividing S·C")
    func slicing() {
        let chunk: Int64 = 512 << 10
        #expect(ScheduleBuilder.slicing(largestSegment: 4 << 20, servers: 8, chunkBytes: chunk) == (8, 1))
        #expect(ScheduleBuilder.slicing(largestSegment: 256 << 10, servers: 8, chunkBytes: chunk) == (1, 2))
        #expect(ScheduleBuilder.slicing(largestSegment: 64 << 10, servers: 8, chunkBytes: chunk) == (1, 8))
        // Three servers, 200 KiB segments: 3 chunks do not reach 512 KiB, and only 3 divides 3.
        #expect(ScheduleBuilder.slicing(largestSegment: 200 << 10, servers: 3, chunkBytes: chunk) == (1, 3))
    }
}
