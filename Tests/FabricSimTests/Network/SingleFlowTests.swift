import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

/// One flow alone on an idle path: the numbers must be exactly the physics.
@Suite("Network: one flow on an idle path")
struct SingleFlowTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.microseconds(1)

    @Test("one flow reaches line rate minus header overhead, within 1 %", arguments: [NetworkConfig.roce, .infiniband])
    func lineRate(config: NetworkConfig) throws {
        let topology = try SmallFabrics.line(switches: 2, rate: rate, delay: delay)
        let bytes: Int64 = 16_000_000
        let network = SmallFabrics.run(
            topology, config, [FlowRequest(source: 0, destination: 1, bytes: bytes, start: .zero)])
        let flow = network.records[0]
        let fct = try #require(flow.finish)
        let goodput = Double(bytes) * 8 / fct.seconds
        let expected = Double(rate.bitsPerSecond) * config.payloadEfficiency
        #expect(abs(goodput - expected) / expected < 0.01, "goodput \(goodput / 1e9) Gb/s, expected \(expected / 1e9)")
        #expect(network.counters.packetsDropped == 0)
        #expect(network.conservation.passed)
    }

    @Test(
        "completion time equals size over rate plus path latency, within 1 %",
        arguments: [NetworkConfig.roce, .infiniband])
    func completionTime(config: NetworkConfig) throws {
        let topology = try SmallFabrics.line(switches: 3, rate: rate, delay: delay)
        for bytes: Int64 in [4096, 100_000, 8_000_000] {
            let network = SmallFabrics.run(
                topology, config, [FlowRequest(source: 0, destination: 1, bytes: bytes, start: .zero)])
            let fct = try #require(network.records[0].finish)
            let packets = (bytes + Int64(config.mtu) - 1) / Int64(config.mtu)
            let wire = bytes + packets * Int64(config.headerBytes)
            // Size over rate, plus the path latency of one packet's head start over the hops and of the ACK back.
            let firstWire = min(bytes, Int64(config.mtu)) + Int64(config.headerBytes)
            let hops = 4
            let switches = 3
            let perHopSerialisation =
                config.switching == .storeAndForward
                ? rate.serializationTime(of: ByteCount(firstWire)) * Int64(switches)
                : rate.serializationTime(of: ByteCount(Int64(config.cutThroughHeaderBytes))) * Int64(switches)
            let dataLatency =
                perHopSerialisation + delay * Int64(hops) + config.switchLatency * Int64(switches)
                + rate.serializationTime(of: ByteCount(wire))
            let ackHeader = min(config.ackBytes, config.cutThroughHeaderBytes)
            let ackLatency =
                (config.switching == .storeAndForward
                    ? rate.serializationTime(of: ByteCount(Int64(config.ackBytes))) * Int64(switches)
                    : rate.serializationTime(of: ByteCount(Int64(ackHeader))) * Int64(switches))
                + rate.serializationTime(of: ByteCount(Int64(config.ackBytes)))
                + delay * Int64(hops) + config.switchLatency * Int64(switches)
            let expected = dataLatency + ackLatency
            let error = abs(Double(fct.rawValue - expected.rawValue)) / Double(expected.rawValue)
            #expect(error < 0.01, "\(bytes) B: measured \(fct), formula \(expected)")
            #expect(network.idealCompletion(of: 0) == expected, "the model's own ideal matches the formula")
        }
    }

    @Test("store-and-forward latency grows by one serialisation per switch, cut-through by one header time")
    func latencyPerHop() throws {
        var latencies: [NetworkConfig.Switching: [SimTime]] = [:]
        for switching in NetworkConfig.Switching.allCases {
            var config = NetworkConfig.roce
            config.switching = switching
            for switches in 1...4 {
                let topology = try SmallFabrics.line(switches: switches, rate: rate, delay: delay)
                let network = SmallFabrics.run(
                    topology, config, [FlowRequest(source: 0, destination: 1, bytes: 4096, start: .zero)])
                latencies[switching, default: []].append(try #require(network.records[0].finish))
            }
        }
        let wire = ByteCount(Int64(4096 + NetworkConfig.roce.headerBytes))
        let ack = ByteCount(Int64(NetworkConfig.roce.ackBytes))
        let header = ByteCount(Int64(NetworkConfig.roce.cutThroughHeaderBytes))
        let perSwitchSAF =
            rate.serializationTime(of: wire) + rate.serializationTime(of: ack)
            + (delay + NetworkConfig.roce.switchLatency) * 2
        let perSwitchCT = rate.serializationTime(of: header) * 2 + (delay + NetworkConfig.roce.switchLatency) * 2
        for i in 1..<4 {
            #expect(latencies[.storeAndForward]![i] - latencies[.storeAndForward]![i - 1] == perSwitchSAF)
            #expect(latencies[.cutThrough]![i] - latencies[.cutThrough]![i - 1] == perSwitchCT)
        }
    }
}
