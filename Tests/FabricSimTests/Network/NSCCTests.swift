import FabricKernel
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

@testable import FabricNetwork

/// NSCC (`NSCC`, `NSCCConfig`): an incast finishes near its wire bound with the queue held far below what
/// line-rate senders pile up, and long flows converge to fair shares of a full link — checked against the link's
/// arithmetic, on lossy Ethernet with trimming and selective receivers, as Ultra Ethernet runs it.
@Suite("Network: NSCC")
struct NSCCTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)

    /// Lossy Ethernet with trimming and reordering receivers; ECN marking from 20 % to 80 % of a 100 Gb/s × 4 µs
    /// BDP (50 KB), as UEC's htsim model sets its thresholds (0.2 and 0.8 BDP).
    func config(_ control: CongestionControlConfig) -> NetworkConfig {
        var config = NetworkConfig.lossyEthernet
        config.trimming = true
        config.receiver = .selective
        config.ecn = ECNConfig(kmin: ByteCount(10_000), kmax: ByteCount(40_000), pmax: 1)
        config.congestionControl = control
        return config
    }

    func bottleneck(_ topology: Topology) -> Int {
        topology.ports[topology.uplink(ofHost: 0).index].peer.index
    }

    @Test("an 8-to-1 incast at 100 Gb/s ends within 1.3× its wire bound, its queue far below an unchecked one's")
    func incast() throws {
        let topology = try SmallFabrics.star(hosts: 9, rate: rate, delay: delay)
        let bytes: Int64 = 4 << 20
        let requests = (1...8).map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        let nscc = config(.nscc(.standard))
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: nscc, seed: 1), requests: requests))
        simulator.start()
        // Once the first round trips are past, the queue stays near the target delay — 3/4 of a 3.9 µs round trip
        // at 100 Gb/s, 37 KB — and the marking band (10 to 40 KB): within 100 KB at every sample.
        for t in stride(from: 200, through: 2_000, by: 200) {
            _ = simulator.run(until: .microseconds(Int64(t)))
            let queued = simulator.model.network.ports[bottleneck(topology)].queuedBytes
            #expect(queued <= 100_000, "\(queued) bytes queued at \(t) µs")
        }
        _ = simulator.run(until: .seconds(1))
        let network = simulator.model.network
        let finish = try #require(requests.indices.compactMap { network.finishTime(of: $0) }.max())
        #expect(network.counters.flowsCompleted == 8)
        #expect(network.counters.goodputBytes == 8 * bytes)
        #expect(network.counters.timeouts == 0)
        // Eight messages' wire bytes through the receiver's one cable, one packet's way in and its ACK's back.
        let wire = Double(nscc.wireBytes(payload: nscc.mtu)) / Double(nscc.mtu)
        let bound = 8 * Double(bytes) * wire * 8 / Double(rate.bitsPerSecond) + 4 * delay.seconds
        #expect(finish.seconds <= 1.3 * bound, "finish \(finish) against bound \(bound) s")
        let queue = try #require(network.port(bottleneck(topology)).queues).peakQueuedBytes
        let unchecked = try #require(
            SmallFabrics.run(topology, config(.none), requests).port(bottleneck(topology)).queues
        ).peakQueuedBytes
        // The first round trip's windows (1.5 BDP each, 8 × 73 KB) set the peak; line-rate senders pile up 10 MB.
        #expect(queue * 4 < unchecked)
    }

    @Test("two long flows share one link fairly and keep it full")
    func fairness() throws {
        // The second flow starts 1 ms after the first, which holds the whole link by then; shares measured over
        // [4 ms, 8 ms].
        let topology = try SmallFabrics.star(hosts: 3, rate: rate, delay: delay)
        let nscc = config(.nscc(.standard))
        let requests = [
            FlowRequest(source: 1, destination: 0, bytes: 1 << 30, start: .zero),
            FlowRequest(source: 2, destination: 0, bytes: 1 << 30, start: .milliseconds(1)),
        ]
        let shares = SmallFabrics.deliveredBetween(.milliseconds(4), .milliseconds(8), topology, nscc, requests).shares
        let total: Double = shares.reduce(0, +)
        let jain = SmallFabrics.jainIndex(shares)
        let payloadRate = Double(rate.bitsPerSecond) / 8 * nscc.payloadEfficiency
        let utilisation = total / (payloadRate * 0.004)
        #expect(jain >= 0.95, "Jain \(jain), shares \(shares)")
        #expect(utilisation >= 0.95, "utilisation \(utilisation)")
    }
}
