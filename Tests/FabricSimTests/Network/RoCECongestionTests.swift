import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// RoCEv2's lossless machinery: PFC pauses instead of dropping, congestion spreads to innocent flows, DCQCN keeps
/// queues at the marking thresholds, ECN follows the RED curve.
@Suite("Network: PFC, ECN and DCQCN")
struct RoCECongestionTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)

    /// RoCE with PFC at a fixed XOFF threshold and no rate control: the pause machinery alone.
    var pfcOnly: NetworkConfig {
        var config = NetworkConfig.roce
        config.ecn = nil
        config.congestionControl = .none
        config.pfc.xoff = .fixed(ByteCount(200_000))
        return config
    }

    func incast(_ config: NetworkConfig, limit: SimTime = .seconds(1)) throws -> PacketNetwork {
        let topology = try SmallFabrics.star(hosts: 17, rate: rate, delay: delay)
        let requests = TrafficPattern.incast(receiver: 0, senders: Array(1...16), bytes: 1_000_000, start: .zero)
            .requests(hosts: 17, seed: 1)
        return SmallFabrics.run(topology, config, requests, limit: limit)
    }

    @Test("incast 16 to 1 with PFC: no drop, pause frames sent, every ingress within its threshold plus headroom")
    func pfcIncast() throws {
        let config = pfcOnly
        let network = try incast(config)
        #expect(network.counters.packetsDropped == 0)
        #expect(network.counters.pauseFrames > 0)
        #expect(network.counters.flowsCompleted == 16)
        #expect(network.counters.goodputBytes == 16_000_000)
        for slot in network.peakIngressBytes.indices {
            let port = slot / network.classes
            #expect(network.peakIngressBytes[slot] <= 200_000 + network.headroomBytes[port])
        }
        // The senders' ports spent time paused.
        #expect(network.ports.contains { $0.timePaused > .zero })
        #expect(network.conservation.passed)
    }

    @Test("the same incast without PFC drops and retransmits; under InfiniBand credits it neither drops nor pauses")
    func pfcOffAndInfiniband() throws {
        // Without flow control or rate control, go-back-N senders blast into the full buffer and most of what
        // they send is lost or discarded (congestion collapse); the first 2 ms show it.
        var lossy = NetworkConfig.lossyEthernet
        lossy.switchBuffer = ByteCount(1_000_000)
        let dropped = try incast(lossy, limit: .milliseconds(2))
        #expect(dropped.counters.packetsDropped > 0)
        #expect(dropped.counters.retransmittedPackets > 0)
        #expect(dropped.counters.pauseFrames == 0)
        #expect(dropped.conservation.passed)

        let infiniband = try incast(.infiniband)
        #expect(infiniband.counters.packetsDropped == 0)
        #expect(infiniband.counters.pauseFrames == 0)
    }

    @Test("a victim flow that shares only an upstream link with an incast is slowed by PFC pauses")
    func congestionSpreading() throws {
        // s0 holds one incast sender (host 0) and the victim's sender (host 1); s1 holds seven more incast senders
        // (hosts 2–8), the incast receiver (host 9) and the victim's receiver (host 10). The victim's path is idle
        // but for the s0→s1 cable, which s1 pauses because the incast packets it carries pile up behind host 9.
        let topology = try SmallFabrics.dumbbell(left: 2, right: 9, rate: rate, delay: delay)
        let victim = FlowRequest(source: 1, destination: 10, bytes: 4_000_000, start: .zero)
        let alone = SmallFabrics.run(topology, pfcOnly, [victim])
        let incast = [0, 2, 3, 4, 5, 6, 7, 8].map {
            FlowRequest(source: $0, destination: 9, bytes: 2_000_000, start: .zero)
        }
        let together = SmallFabrics.run(topology, pfcOnly, [victim] + incast)
        let aloneTime = try #require(alone.finishTime(of: 0)).seconds
        let sharedTime = try #require(together.finishTime(of: 0)).seconds
        #expect(sharedTime > aloneTime * 1.5, "alone \(aloneTime * 1e6) us, beside the incast \(sharedTime * 1e6) us")
        #expect(together.counters.packetsDropped == 0)
        // The pause is visible on the s0→s1 port: the congestion spread from s1 to s0.
        let s0 = topology.nodes.firstIndex { $0.name == "s0" }!
        let trunk = topology.nodes[s0].ports.first {
            topology.nodes[topology.neighbour(through: PortID($0)).index].name == "s1"
        }!
        #expect(together.ports[trunk].timePaused > .zero)
        #expect(together.ports[trunk].pauseFramesReceived > 0)
        #expect(alone.ports[trunk].timePaused == .zero)
    }

    @Test(
        "DCQCN with the paper's set: two long flows through one bottleneck converge to equal shares within 10 % by 6 ms, the queue stays near the marking thresholds and nothing pauses"
    )
    func dcqcnConvergence() throws {
        let topology = try SmallFabrics.star(hosts: 3, rate: rate, delay: delay)
        var config = NetworkConfig.roce
        config.ecn = .dcqcnPaper
        config.congestionControl = .dcqcn(.paper)
        config.pfc.xoff = .fixed(ByteCount(1_000_000))
        let requests = [
            FlowRequest(source: 1, destination: 0, bytes: 200_000_000, start: .zero),
            FlowRequest(source: 2, destination: 0, bytes: 200_000_000, start: .microseconds(500)),
        ]
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: requests))
        simulator.start()
        _ = simulator.run(until: .milliseconds(6))
        let before = requests.indices.map { simulator.model.network.deliveredBytes(of: $0) }
        _ = simulator.run(until: .milliseconds(8))
        let network = simulator.model.network
        let delivered = zip(requests.indices.map { network.deliveredBytes(of: $0) }, before).map { Double($0 - $1) }
        let share = delivered[0] / (delivered[0] + delivered[1])
        #expect(abs(share - 0.5) < 0.05, "flow shares \(delivered) (\(share))")
        // Both together fill the link: their goodput (payload bytes delivered over the 2 ms) reaches at least
        // 95 % of what the link carries as payload at line rate, and never exceeds it.
        let goodput = (delivered[0] + delivered[1]) * 8 / 0.002
        let payloadRate = Double(rate.bitsPerSecond) * config.payloadEfficiency
        #expect(
            goodput > 0.95 * payloadRate && goodput <= payloadRate * 1.001,
            "\(goodput / 1e9) Gb/s of \(payloadRate / 1e9) Gb/s payload at line rate")
        #expect(network.counters.cnpsSent > 0)
        #expect(network.counters.pauseFrames == 0)
        let bottleneck = topology.ports.indices.first {
            topology.nodes[topology.ports[$0].node.index].role == .leaf
                && topology.neighbour(through: PortID($0)) == topology.hosts[0]
        }!
        #expect(network.ports[bottleneck].peakQueuedBytes < 1_000_000)
    }

    @Test("without DCQCN the same two flows fill the queue to the PFC threshold and pause")
    func noDCQCNPauses() throws {
        let topology = try SmallFabrics.star(hosts: 3, rate: rate, delay: delay)
        var config = NetworkConfig.roce
        config.congestionControl = .none
        config.pfc.xoff = .fixed(ByteCount(1_000_000))
        let requests = [
            FlowRequest(source: 1, destination: 0, bytes: 20_000_000, start: .zero),
            FlowRequest(source: 2, destination: 0, bytes: 20_000_000, start: .zero),
        ]
        let network = SmallFabrics.run(topology, config, requests)
        #expect(network.counters.pauseFrames > 0)
        #expect(network.peakIngressBytes.max()! > 1_000_000)
        #expect(network.counters.packetsDropped == 0)
    }

    @Test("ECN marking follows the RED curve: 0 below Kmin, linear to Pmax at Kmax, 1 above")
    func redCurve() {
        let ecn = ECNConfig(kmin: ByteCount(10_000), kmax: ByteCount(110_000), pmax: 0.2).thresholds(at: rate)
        #expect(ecn.probability(queueBytes: 0) == 0)
        #expect(ecn.probability(queueBytes: 10_000) == 0)
        #expect(abs(ecn.probability(queueBytes: 60_000) - 0.1) < 1e-12)
        #expect(abs(ecn.probability(queueBytes: 110_000) - 0.2) < 1e-12)
        #expect(ecn.probability(queueBytes: 110_001) == 1)
    }

    @Test(
        "the number of packets marked at a bottleneck is the sum of the RED probabilities of the queues they left, within sampling error"
    )
    func markingFrequency() throws {
        // Two senders at line rate into one egress of the same rate, with no flow control, no rate control and a
        // buffer that never fills: two packets arrive per packet time and one leaves, so the queue a departing
        // packet leaves behind grows by one packet per departure up to N (the packets of one flow) and then
        // drains by one per departure — min(j, 2N − j) packets behind the j-th of 2N departures, to within a
        // packet or two of event order at the start. With Kmin = 0 and Kmax above the peak, RED marks the j-th
        // with p_j = Pmax × q_j / Kmax. The marks are independent Bernoulli draws, so their count has mean
        // Σ p_j and variance Σ p_j (1 − p_j): expect it within 4 standard deviations of the band the ±2-packet
        // uncertainty in q_j gives.
        let topology = try SmallFabrics.star(hosts: 3, rate: rate, delay: delay)
        let packetsPerFlow = 4_000
        var config = NetworkConfig.roce
        config.flowControl = .none
        config.congestionControl = .none
        config.switchBuffer = ByteCount(1_000_000_000)
        config.retransmitTimeout = .seconds(1)
        let wire = Double(config.wireBytes(payload: config.mtu))
        let kmax = 1.05 * Double(packetsPerFlow) * wire
        let pmax = 1.0
        config.ecn = ECNConfig(kmin: ByteCount(0), kmax: ByteCount(Int64(kmax)), pmax: pmax)
        let bytes = Int64(packetsPerFlow * config.mtu)
        let requests = [1, 2].map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        let network = SmallFabrics.run(topology, config, requests)
        let bottleneck = topology.ports.indices.first {
            topology.nodes[topology.ports[$0].node.index].role == .leaf
                && topology.neighbour(through: PortID($0)) == topology.hosts[0]
        }!
        let port = network.ports[bottleneck]
        #expect(network.counters.flowsCompleted == 2)
        #expect(network.counters.packetsDropped == 0)
        #expect(port.packetsSent == 2 * packetsPerFlow)

        let departures = 2 * packetsPerFlow
        func expectedMarks(offset: Int) -> (mean: Double, variance: Double) {
            var mean = 0.0
            var variance = 0.0
            for j in 1...departures {
                let queued = max(0, min(j, departures - j) + offset)
                let p = min(1, pmax * Double(queued) * wire / kmax)
                mean += p
                variance += p * (1 - p)
            }
            return (mean, variance)
        }
        let low = expectedMarks(offset: -2)
        let high = expectedMarks(offset: 2)
        let sigma = max(low.variance, high.variance).squareRoot()
        let marks = Double(port.ecnMarks)
        #expect(
            marks > low.mean - 4 * sigma && marks < high.mean + 4 * sigma,
            "\(port.ecnMarks) marks of \(departures); expected \(low.mean)–\(high.mean) ± 4 × \(sigma)")
    }
}
