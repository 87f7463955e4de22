import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// Flows competing for one bottleneck: fair shares and no loss under credits; loss and recovery without flow
/// control.
@Suite("Network: bottlenecks, credits and loss")
struct SharingAndLossTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)

    @Test(
        "2, 4 and 8 flows into one bottleneck under InfiniBand credits each get an equal share, within 5 %, and none is lost",
        arguments: [2, 4, 8])
    func fairShares(flows n: Int) throws {
        let topology = try SmallFabrics.star(hosts: n + 1, rate: rate, delay: delay)
        let bytes: Int64 = 2_000_000
        let requests = (1...n).map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        let network = SmallFabrics.run(topology, .infiniband, requests)
        let config = NetworkConfig.infiniband
        // Fair sharing: all n flows move together through the one link at its payload rate.
        let fairSeconds = Double(n) * Double(bytes) * 8 / (Double(rate.bitsPerSecond) * config.payloadEfficiency)
        for flow in network.records {
            let fct = try #require(flow.finish).seconds
            #expect(
                abs(fct - fairSeconds) / fairSeconds < 0.05,
                "flow finished after \(fct * 1e6) us, fair share gives \(fairSeconds * 1e6) us")
        }
        #expect(network.counters.packetsDropped == 0)
        #expect(network.conservation.passed)
    }

    @Test("InfiniBand incast 16 to 1: no drop, every ingress buffer within its credits, every byte delivered")
    func infinibandIncast() throws {
        let topology = try SmallFabrics.star(hosts: 17, rate: rate, delay: delay)
        let bytes: Int64 = 1_000_000
        let requests = TrafficPattern.incast(receiver: 0, senders: Array(1...16), bytes: bytes, start: .zero)
            .requests(hosts: 17, seed: 1)
        let config = NetworkConfig.infiniband
        let network = SmallFabrics.run(topology, config, requests)
        #expect(network.counters.packetsDropped == 0)
        #expect(network.counters.flowsCompleted == 16)
        #expect(network.counters.goodputBytes == 16 * bytes)
        let creditBlocks = (config.creditBuffer.bytes + Int64(config.creditBlock) - 1) / Int64(config.creditBlock)
        #expect(network.peakIngressHeld.allSatisfy { $0 <= creditBlocks })
        // The credits did bind: some ingress filled its allocation, and senders waited for credits.
        #expect(network.peakIngressHeld.max()! > creditBlocks / 2)
        #expect(network.ports.contains { $0.creditStallTime > .zero })
        #expect(network.conservation.passed)
    }

    @Test(
        "Ethernet without flow control: an incast that overflows the buffer drops, go-back-N retransmits, and every byte arrives in the end"
    )
    func lossyIncast() throws {
        let topology = try SmallFabrics.star(hosts: 17, rate: rate, delay: delay)
        var config = NetworkConfig.lossyEthernet
        config.switchBuffer = ByteCount(300_000)
        let bytes: Int64 = 1_000_000
        let requests = TrafficPattern.incast(receiver: 0, senders: Array(1...16), bytes: bytes, start: .zero)
            .requests(hosts: 17, seed: 1)
        let network = SmallFabrics.run(topology, config, requests)
        #expect(network.counters.packetsDropped > 0)
        #expect(network.counters.retransmittedPackets > 0)
        #expect(network.counters.flowsCompleted == 16)
        #expect(network.counters.goodputBytes == 16 * bytes)
        #expect(network.peakBufferUsed.max()! <= config.switchBuffer.bytes)
        #expect(network.conservation.passed)
    }

    @Test("conservation holds in the middle of a run, with packets still in flight")
    func conservationMidRun() throws {
        let topology = try SmallFabrics.star(hosts: 9, rate: rate, delay: delay)
        var config = NetworkConfig.lossyEthernet
        config.switchBuffer = ByteCount(100_000)
        let requests = TrafficPattern.incast(receiver: 0, senders: Array(1...8), bytes: 500_000, start: .zero)
            .requests(hosts: 9, seed: 1)
        let network = SmallFabrics.run(topology, config, requests, limit: .microseconds(150))
        #expect(network.packetsInFlight > 0)
        #expect(network.conservation.passed, "\(network.conservation.detail)")
    }
}
