import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

/// Ring all-reduce, reduce-scatter and all-gather on an idle non-blocking fabric against their α–β costs.
@Suite("Collectives: ring")
struct RingCollectiveTests {
    @Test("ring all-reduce takes 2(p−1)/p · N/B plus the latency term, within 2 %, for a large message")
    func allReduceLarge() throws {
        let p = 8
        let topology = try CollectiveFixtures.star(p)
        let cost = CollectiveFixtures.cost(topology)
        let n: Int64 = 32 << 20
        let spec = CollectiveSpec(.allReduce, algorithm: .ring, bytes: n)
        let (episode, _) = CollectiveFixtures.run(spec, on: topology)
        #expect(episode.executor.isComplete)
        let measured = episode.executor.lastFinish
        let bandwidthTerm = 2 * Double(p - 1) / Double(p) * Double(n) * cost.beta
        let model = CollectiveCostModel.ringAllReduce(
            ranks: p, bytes: Double(n), chunk: Double(spec.chunkBytes), cost: cost)
        #expect(CollectiveFixtures.relativeError(measured, model) < 0.02, "measured \(measured), model \(model) s")
        // The latency term is small for a large message: the bandwidth term alone is within a few per cent.
        #expect(measured.seconds >= bandwidthTerm)
        #expect(measured.seconds < bandwidthTerm * 1.03)
    }

    @Test("unpipelined ring all-reduce (one chunk per step) costs exactly 2(p−1)(α + N/p·β)")
    func allReduceUnpipelined() throws {
        let p = 6
        let topology = try CollectiveFixtures.star(p)
        let cost = CollectiveFixtures.cost(topology)
        let n: Int64 = Int64(p) * 4096 * 64
        let spec = CollectiveSpec(.allReduce, algorithm: .ring, bytes: n, chunkBytes: n)
        let (episode, _) = CollectiveFixtures.run(spec, on: topology)
        let model = 2 * Double(p - 1) * cost.message(Double(n) / Double(p))
        #expect(
            CollectiveFixtures.relativeError(episode.executor.lastFinish, model) < 0.002,
            "measured \(episode.executor.lastFinish), model \(model) s")
    }

    @Test(
        "ring reduce-scatter and all-gather take (p−1)/p · N/B plus latency, within 2 %",
        arguments: [CollectiveKind.reduceScatter, .allGather])
    func halves(kind: CollectiveKind) throws {
        let p = 8
        let topology = try CollectiveFixtures.star(p)
        let cost = CollectiveFixtures.cost(topology)
        let n: Int64 = 32 << 20
        let spec = CollectiveSpec(kind, bytes: n)
        let (episode, schedule) = CollectiveFixtures.run(spec, on: topology)
        let measured = episode.executor.lastFinish
        let model = CollectiveCostModel.ringHalf(ranks: p, bytes: Double(n), chunk: Double(spec.chunkBytes), cost: cost)
        #expect(CollectiveFixtures.relativeError(measured, model) < 0.02, "measured \(measured), model \(model) s")
        #expect(measured.seconds >= Double(p - 1) / Double(p) * Double(n) * cost.beta)
        // Every rank sends (p − 1)/p of the array.
        #expect(schedule.bytes(of: .network) == Int64(p - 1) * n)
    }

    @Test("ring all-reduce moves 2(p−1)/p · N out of every rank")
    func bytesPerRank() throws {
        let p = 5
        let topology = try CollectiveFixtures.star(p)
        let n: Int64 = 10_000_000
        let (episode, schedule) = CollectiveFixtures.run(CollectiveSpec(.allReduce, bytes: n), on: topology)
        #expect(schedule.bytes(of: .network) == 2 * Int64(p - 1) * n)
        let network = episode.fabric.network
        #expect(network.counters.goodputBytes == 2 * Int64(p - 1) * n)
        // Rank by rank (one GPU per host here): the payload of the flows each host sent.
        var sent = [Int64](repeating: 0, count: p)
        for flow in network.records { sent[Int(flow.source)] += flow.size }
        #expect(sent == Array(repeating: 2 * Int64(p - 1) * n / Int64(p), count: p))
    }
}
