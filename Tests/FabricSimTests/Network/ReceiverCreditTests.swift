import FabricKernel
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

@testable import FabricNetwork

/// Receiver credits (`NetworkConfig.receiverCredits`): a receiver grants its senders credit for new data within
/// about a BDP, so a large incast on lossy Ethernet, without PFC or a congestion controller, neither drops nor
/// queues more than the budget and the first unsolicited windows — checked against the link's arithmetic.
@Suite("Network: receiver credits")
struct ReceiverCreditTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)
    let bytes: Int64 = 1 << 20

    func config(credits: Bool) -> NetworkConfig {
        var config = NetworkConfig.lossyEthernet
        config.receiver = .selective
        config.receiverCredits = credits ? .standard : nil
        return config
    }

    @Test("a 32-to-1 incast at 100 Gb/s on lossy Ethernet ends within 1.3× its wire bound with no drop")
    func incast() throws {
        let topology = try SmallFabrics.star(hosts: 33, rate: rate, delay: delay)
        let requests = (1...32).map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        let config = config(credits: true)
        let network = SmallFabrics.run(topology, config, requests)
        let finish = try #require(requests.indices.compactMap { network.finishTime(of: $0) }.max())
        #expect(network.counters.flowsCompleted == 32)
        #expect(network.counters.goodputBytes == 32 * bytes)
        #expect(network.counters.packetsDropped == 0)
        #expect(network.counters.timeouts == 0)
        let wireBytes = Double(config.wireBytes(payload: config.mtu))
        let wire = wireBytes / Double(config.mtu)
        let bound = 32 * Double(bytes) * wire * 8 / Double(rate.bitsPerSecond) + 4 * delay.seconds
        #expect(finish.seconds <= 1.3 * bound, "finish \(finish) against bound \(bound) s")
        // What the receiver's port can hold queued: the 32 flows' unsolicited windows, plus the budget — a BDP of
        // the link over the base round trip, rounded up, plus one grant.
        let bottleneck = topology.ports[topology.uplink(ofHost: 0).index].peer.index
        let peak = try #require(network.port(bottleneck).queues).peakQueuedBytes
        let c = ReceiverCreditConfig.standard
        let baseRoundTrip = network.baseRoundTrip(0)
        let bdp = (Double(rate.bitsPerSecond) / 8 * baseRoundTrip.seconds / wireBytes).rounded(.up)
        let budget = (bdp + Double(c.grantPackets)) * wireBytes
        let unsolicited = 32 * Double(c.unsolicitedPackets) * wireBytes
        #expect(Double(peak) <= unsolicited + budget, "peak \(peak) B against \(unsolicited) + \(budget)")

        // Without credits the same incast overflows the buffer and waits out timeouts.
        let unchecked = SmallFabrics.run(topology, self.config(credits: false), requests)
        #expect(unchecked.counters.packetsDropped > 0)
        let late = try #require(requests.indices.compactMap { unchecked.finishTime(of: $0) }.max())
        #expect(late > finish)
    }

    @Test("once past the unsolicited windows, the credit outstanding toward the receiver stays within its budget")
    func budgetHolds() throws {
        let topology = try SmallFabrics.star(hosts: 17, rate: rate, delay: delay)
        let requests = (1...16).map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        var simulator = Simulator(
            model: TrafficRun(
                network: PacketNetwork(topology: topology, config: config(credits: true), seed: 1), requests: requests))
        simulator.start()
        let bottleneck = topology.ports[topology.uplink(ofHost: 0).index].peer.index
        let wireBytes = Int64(config(credits: true).wireBytes(payload: 4096))
        for t in stride(from: 100, through: 1_200, by: 100) {
            _ = simulator.run(until: .microseconds(Int64(t)))
            let n = simulator.model.network
            #expect(n.grants.outstanding[0] <= n.grants.hostBudget[0], "at \(t) µs")
            // Everything queued at the receiver's port was granted and is not yet received.
            #expect(n.ports[bottleneck].queuedBytes <= n.grants.hostBudget[0] * wireBytes, "at \(t) µs")
        }
    }
}
