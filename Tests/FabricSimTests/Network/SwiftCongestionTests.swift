import FabricKernel
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

@testable import FabricNetwork

/// Swift (`SwiftCongestionControl`): an incast finishes near its wire bound with a queue the target delay bounds,
/// and long flows converge to fair shares of a full link — checked against the link's arithmetic.
@Suite("Network: Swift delay-based congestion control")
struct SwiftCongestionTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)

    func config(_ control: CongestionControlConfig) -> NetworkConfig {
        var config = NetworkConfig.roce
        config.ecn = nil
        config.congestionControl = control
        return config
    }

    func bottleneck(_ topology: Topology) -> Int {
        topology.ports[topology.uplink(ofHost: 0).index].peer.index
    }

    @Test("an 8-to-1 incast at 100 Gb/s ends within 1.3× its wire bound, its queue held near the target")
    func incast() throws {
        let topology = try SmallFabrics.star(hosts: 9, rate: rate, delay: delay)
        let bytes: Int64 = 4 << 20
        let requests = (1...8).map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        let swift = config(.swift(.standard))
        let network = SmallFabrics.run(topology, swift, requests)
        let finish = try #require(requests.indices.compactMap { network.finishTime(of: $0) }.max())
        #expect(network.counters.flowsCompleted == 8)
        // Eight messages' wire bytes through the receiver's one cable, and one packet's way there and its ACK's back.
        let wire = Double(swift.wireBytes(payload: swift.mtu)) / Double(swift.mtu)
        let bound = 8 * Double(bytes) * wire * 8 / Double(rate.bitsPerSecond) + 4 * delay.seconds
        #expect(finish.seconds <= 1.3 * bound, "finish \(finish) against bound \(bound) s")
        // The queue a 10 µs base target (plus flow scaling for eight small windows) lets stand: at most the
        // target's worth of the link, 125 KB per 10 µs — far below what eight line-rate senders pile up unchecked.
        let queue = try #require(network.port(bottleneck(topology)).queues).peakQueuedBytes
        let unchecked = try #require(
            SmallFabrics.run(topology, config(.none), requests).port(bottleneck(topology)).queues
        ).peakQueuedBytes
        let maximumTarget = SwiftCongestionConfig.standard.target(window: 0.1, switches: 1)
        #expect(Double(queue) <= maximumTarget.seconds * Double(rate.bitsPerSecond) / 8 * 1.5)
        #expect(queue * 4 < unchecked)
    }

    @Test("two long flows share one link fairly and keep it full")
    func fairness() throws {
        // The second flow starts 1 ms after the first, which holds the whole link by then; shares measured over
        // [4 ms, 8 ms].
        let topology = try SmallFabrics.star(hosts: 3, rate: rate, delay: delay)
        let swift = config(.swift(.standard))
        let requests = [
            FlowRequest(source: 1, destination: 0, bytes: 1 << 30, start: .zero),
            FlowRequest(source: 2, destination: 0, bytes: 1 << 30, start: .milliseconds(1)),
        ]
        let shares = SmallFabrics.deliveredBetween(.milliseconds(4), .milliseconds(8), topology, swift, requests).shares
        let total: Double = shares.reduce(0, +)
        let jain = SmallFabrics.jainIndex(shares)
        let payloadRate = Double(rate.bitsPerSecond) / 8 * swift.payloadEfficiency
        let utilisation = total / (payloadRate * 0.004)
        #expect(jain >= 0.95, "Jain \(jain), shares \(shares)")
        #expect(utilisation >= 0.95, "utilisation \(utilisation)")
    }
}
