import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

@Suite("Network: background traffic")
struct BackgroundTrafficTests {
    let rate = Bandwidth.gigabitsPerSecond(100)

    @Test(
        "Poisson flows offer the target load: bytes started per host per second match load × link rate within 4 standard errors"
    )
    func poissonLoad() throws {
        let topology = try SmallFabrics.star(hosts: 8, rate: rate, delay: .nanoseconds(200))
        let sizes = try EmpiricalCDF(points: [(1_000, 0), (20_000, 1)])
        let window = SimTime.milliseconds(4)
        var simulator = Simulator(
            model: TrafficRun(
                network: PacketNetwork(topology: topology, config: .infiniband, seed: 3), requests: [],
                background: [.poisson(load: 0.3, sizes: sizes, trafficClass: 1, start: .zero, stop: window)], seed: 3))
        simulator.start()
        _ = simulator.run()
        let network = simulator.model.network
        let offered = network.records.reduce(0.0) { $0 + Double($1.size) } * 8 / window.seconds / 8
        let target = 0.3 * Double(rate.bitsPerSecond)
        // The bytes of a Poisson stream of flows (compound Poisson): with n flows expected and sizes of mean m and
        // variance v (uniform on [1, 20] KB here), the total has a relative standard error of √((1 + v/m²)/n).
        let mean = 10_500.0
        let variance = 19_000.0 * 19_000 / 12
        let expectedFlows = target * window.seconds / 8 * 8 / mean
        let standardError = ((1 + variance / (mean * mean)) / expectedFlows).squareRoot()
        #expect(
            abs(offered - target) / target < 4 * standardError,
            "offered \(offered / 1e9) Gb/s per host, \(network.records.count) flows, standard error \(standardError)")
        #expect(network.counters.flowsCompleted == Int64(network.records.count))
        // Destinations are other hosts, spread over all of them.
        #expect(network.records.allSatisfy { $0.source != $0.destination })
        #expect(Set(network.records.map(\.destination)).count == 8)
    }

    @Test("on-off bursts start together, every period, the configured number of times")
    func synchronisedBursts() throws {
        let topology = try SmallFabrics.star(hosts: 9, rate: rate, delay: .nanoseconds(200))
        let period = SimTime.microseconds(40)
        var simulator = Simulator(
            model: TrafficRun(
                network: PacketNetwork(topology: topology, config: .infiniband, seed: 1), requests: [],
                background: [
                    .onOff(
                        senders: Array(1...8), receiver: 0, burstBytes: 64_000, period: period, bursts: 5,
                        trafficClass: 1, start: .microseconds(10))
                ], seed: 1))
        simulator.start()
        _ = simulator.run()
        let flows = simulator.model.network.records
        #expect(flows.count == 40)
        let starts = Dictionary(grouping: flows, by: \.start).mapValues(\.count)
        #expect(starts.count == 5)
        #expect(starts.values.allSatisfy { $0 == 8 })
        #expect(starts.keys.sorted() == (0..<5).map { .microseconds(10) + period * Int64($0) })
    }
}
