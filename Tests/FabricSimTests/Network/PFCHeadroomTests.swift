import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

/// PFC headroom against its closed form: sized for what arrives after a pause is sent, it is never overrun, even
/// when the dynamic XOFF threshold falls under an ingress that filled below it.
@Suite("Network: PFC headroom")
struct PFCHeadroomTests {
    let fabric = RoCECongestionTests()
    var rate: Bandwidth { fabric.rate }
    var delay: SimTime { fabric.delay }

    /// The PFC machinery alone (no ECN, no DCQCN) at RoCE's dynamic threshold, on a small buffer so that it fills.
    var config: NetworkConfig {
        var config = fabric.pfcOnly
        config.pfc.xoff = NetworkConfig.roce.pfc.xoff
        config.switchBuffer = ByteCount(2_000_000)
        return config
    }

    @Test(
        "the headroom is the closed form: rate × (2 × delay + switch latency + response time) / 8 + 2 × (MTU + header) + 64"
    )
    func closedForm() {
        let c = config
        // 100 Gb/s is 12.5 bytes per ns: (1,000 + 600 + 1,000) ns → 32,500 bytes; two packets of 4,096 + 82 bytes.
        #expect(
            c.switchLatency == .nanoseconds(600) && c.pfc.responseTime == .microseconds(1)
                && c.mtu + c.headerBytes == 4_178)
        #expect(PacketNetwork.headroom(rate: rate, delay: delay, config: c) == 32_500 + 2 * 4_178 + 64)
    }

    @Test(
        "two senders fill an ingress towards XOFF, then fourteen more drain the free buffer: no lossless packet is dropped and no headroom holds more than the closed form"
    )
    func fallingThreshold() throws {
        let topology = try SmallFabrics.star(hosts: 17, rate: rate, delay: delay)
        // Hosts 1 and 2 start first and fill the switch; 3–16 join 40 µs later, when the dynamic threshold
        // (1/8 of the free buffer) falls quickly under the first two ingresses.
        let early = [1, 2].map { FlowRequest(source: $0, destination: 0, bytes: 2_000_000, start: .zero) }
        let late = (3...16).map { FlowRequest(source: $0, destination: 0, bytes: 500_000, start: .microseconds(40)) }
        let network = SmallFabrics.run(topology, config, early + late)
        let headroom = 32_500 + 2 * 4_178 + 64
        #expect(network.counters.dropsHeadroomOverrun == 0)
        #expect(network.counters.packetsDropped == 0)
        #expect(network.counters.flowsCompleted == 16)
        #expect(network.counters.pauseFrames > 0)
        let switchPorts = topology.ports.indices.filter { topology.nodes[topology.ports[$0].node.index].role != .host }
        let peaks = switchPorts.map { network.ports[$0].peakHeadroomUsed }
        #expect(peaks.allSatisfy { $0 <= headroom }, "peak headroom \(peaks.max() ?? 0) over \(headroom)")
        // The headroom did absorb what arrived after pauses: at least a packet, on some ingress.
        #expect(peaks.contains { $0 >= 4_178 })
        #expect(network.conservation.passed)
    }
}
