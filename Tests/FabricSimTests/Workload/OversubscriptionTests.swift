import FabricCollectives
import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// The same job on a non-blocking and on a 3:1 oversubscribed leaf-spine.
@Suite("Workload: oversubscription")
struct OversubscriptionTests {
    /// 4 leaves, one server of 6 GPUs and 6 NICs under each; 6 spines make it 1:1, 2 spines 3:1.
    static func fabric(spines: Int) throws -> Topology {
        try LeafSpineConfig(
            leaves: 4, spines: spines, serversPerLeaf: 1,
            server: ServerConfig(gpusPerServer: 6, nicsPerServer: 6)
        ).build()
    }

    /// Hierarchical all-reduce: GPU g of every server in a ring of its own through NIC g, so that six rings
    /// leave every leaf at once, over six uplinks or over two.
    static let job = TrainingJob(
        steps: 5, forward: .microseconds(10), backward: .microseconds(20), jitter: .logNormal(cv: 0.05),
        gradientBytes: 3 << 20, buckets: 2, allReduce: CollectiveSpec(.allReduce, algorithm: .hierarchical, bytes: 0))

    static func run(spines: Int) throws -> (run: TrainingRun<PacketNetwork>, metrics: ResultObject) {
        let topology = try fabric(spines: spines)
        var simulator = Simulator(
            model: TrainingRun<PacketNetwork>(job: job, topology: topology, network: .infiniband, seed: 3))
        simulator.start()
        _ = simulator.run()
        return (simulator.model, simulator.model.metrics(now: simulator.scheduler.now))
    }

    @Test("3:1 has the higher P99 stall, and its leaf uplinks top the port table, full and queued")
    func threeToOne() throws {
        let (flat, flatMetrics) = try Self.run(spines: 6)
        let (over, overMetrics) = try Self.run(spines: 2)
        #expect(flat.failures.isEmpty && over.failures.isEmpty)
        let flatP99 = try #require(flatMetrics["stall_p99_ms"]?.doubleValue)
        let overP99 = try #require(overMetrics["stall_p99_ms"]?.doubleValue)
        #expect(overP99 > flatP99 * 1.2, "P99 stall 1:1 \(flatP99) ms, 3:1 \(overP99) ms")
        // The same compute was drawn in both (same seed, same streams): only the network differs.
        #expect(flat.records.map(\.computeOnly) == over.records.map(\.computeOnly))

        guard case .array(let rows) = overMetrics["ports"] else {
            Issue.record("no port table")
            return
        }
        let top = rows.prefix(8).compactMap { row -> (from: String, to: String, utilisation: Double, queue: Int64)? in
            guard case .string(let from) = row["from"], case .string(let to) = row["to"],
                let utilisation = row["utilisation"]?.doubleValue, case .int(let queue) = row["peak_queue_bytes"]
            else { return nil }
            return (from, to, utilisation, queue)
        }
        #expect(top.count == 8)
        for port in top {
            // The busiest ports are the fabric's: each of the eight leaf–spine cables carries three NICs' worth.
            let uplink = port.from.hasPrefix("leaf") && port.to.hasPrefix("spine")
            #expect(uplink || port.from.hasPrefix("spine") && port.to.hasPrefix("leaf"), "\(port.from)→\(port.to)")
            if uplink { #expect(port.queue > 0, "\(port.from)→\(port.to) never queued") }
        }
        // The slowest step's critical transfer waited at a congested leaf uplink.
        let slowest = over.slowestSteps(1)[0]
        #expect(slowest.criticalLink.map { over.linkName($0).hasPrefix("leaf") } == true)
    }
}
