import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

/// algbw and busbw as nccl-tests defines them (doc/PERFORMANCE.md).
@Suite("Collectives: algorithm and bus bandwidth")
struct BusBandwidthTests {
    @Test(
        "busbw / algbw: 2(n−1)/n for all-reduce, (n−1)/n for reduce-scatter, all-gather and all-to-all, 1 for broadcast"
    )
    func factors() {
        for n in [2, 3, 8, 512] {
            let d = Double(n)
            #expect(CollectiveKind.allReduce.busBandwidthFactor(ranks: n) == 2 * (d - 1) / d)
            #expect(CollectiveKind.reduceScatter.busBandwidthFactor(ranks: n) == (d - 1) / d)
            #expect(CollectiveKind.allGather.busBandwidthFactor(ranks: n) == (d - 1) / d)
            #expect(CollectiveKind.allToAll.busBandwidthFactor(ranks: n) == (d - 1) / d)
            #expect(CollectiveKind.broadcast.busBandwidthFactor(ranks: n) == 1)
        }
    }

    @Test(
        "on an idle non-blocking fabric, busbw comes within 3 % of a NIC's payload bandwidth at 4 and at 8 ranks (broadcast: less its pipeline fill)",
        arguments: [CollectiveKind.allReduce, .reduceScatter, .allGather, .broadcast, .allToAll])
    func busBandwidthIsTheNIC(kind: CollectiveKind) throws {
        for p in [4, 8] {
            let topology = try CollectiveFixtures.star(p)
            let cost = CollectiveFixtures.cost(topology)
            var sweep = CollectiveSweep<PacketNetwork>(
                topology: topology, config: .infiniband, seed: 1, spec: CollectiveSpec(kind, bytes: 0),
                sizes: [4 << 20])
            var simulator = Simulator(model: sweep)
            simulator.start()
            _ = simulator.run()
            sweep = simulator.model
            let row = try #require(sweep.rows.first)
            #expect(sweep.failures.isEmpty)
            #expect(row.algorithmBandwidth == Double(row.size) / row.time.seconds / 1e9)
            #expect(abs(row.busBandwidth / row.algorithmBandwidth - kind.busBandwidthFactor(ranks: p)) < 1e-12)
            var payloadGBps = 1 / cost.beta / 1e9
            if kind == .broadcast {
                // A chain of p − 1 hops fills in p − 2 chunk times before the root's C chunks stream out.
                let chunks = Double(row.size) / Double(CollectiveSpec.defaultChunkBytes)
                payloadGBps *= chunks / (chunks + Double(p - 2))
            }
            #expect(row.busBandwidth < payloadGBps * 1.001, "\(kind) p=\(p): busbw \(row.busBandwidth) GB/s")
            #expect(
                row.busBandwidth > payloadGBps * 0.97,
                "\(kind) p=\(p): busbw \(row.busBandwidth) GB/s, NIC \(payloadGBps)")
        }
    }

    @Test("sizes double from -b to -e as nccl-tests' -f 2 does")
    func sizes() {
        #expect(NCCLTestsTable.sizes(from: 1 << 20, to: 8 << 20, factor: 2) == [1 << 20, 2 << 20, 4 << 20, 8 << 20])
        #expect(NCCLTestsTable.sizes(from: 8, to: 100, factor: 4) == [8, 32])
    }
}
