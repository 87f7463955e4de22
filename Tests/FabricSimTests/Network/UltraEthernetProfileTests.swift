import FabricKernel
import FabricScenario
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

@testable import FabricNetwork

/// The `uec` profile's mechanisms together — trimming, entropy spraying, reordering receivers, NSCC and receiver
/// credits, without PFC — on a leaf-spine fabric: an incast and a permutation, against the links' arithmetic.
@Suite("Network: the Ultra Ethernet profile")
struct UltraEthernetProfileTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)

    /// The network `profile: uec` gives, read through the scenario reader.
    func uec() throws -> NetworkConfig {
        let text =
            NetworkScenarioTests.leafSpine.replacingOccurrences(of: "FABRIC", with: "roce")
            + "\nnetwork:\n  profile: uec\n"
        return try #require(try ScenarioLoader.load(text: text, file: "uec.yaml").model.network?.network)
    }

    @Test("a 15-to-1 incast across two leaves ends within 1.3× its wire bound, without a drop or a timeout")
    func incast() throws {
        let config = try uec()
        let topology = try SmallFabrics.leafSpine(leaves: 2, spines: 4, hostsPerLeaf: 8, rate: rate, delay: delay)
        let bytes: Int64 = 2 << 20
        let requests = (1...15).map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        let network = SmallFabrics.run(topology, config, requests)
        let finish = try #require(requests.indices.compactMap { network.finishTime(of: $0) }.max())
        let c = network.counters
        #expect(c.flowsCompleted == 15)
        #expect(c.goodputBytes == 15 * bytes)
        #expect(c.packetsDropped == 0)
        #expect(c.timeouts == 0)
        #expect(c.retransmittedPackets == c.packetsTrimmed)
        // Fifteen messages' wire bytes through the receiver's cable; a packet's way in over three cables and
        // two switches, and the last ACK's way back.
        let wire = Double(config.wireBytes(payload: config.mtu)) / Double(config.mtu)
        let bound = 15 * Double(bytes) * wire * 8 / Double(rate.bitsPerSecond) + 6 * delay.seconds
        #expect(finish.seconds <= 1.3 * bound, "finish \(finish) against bound \(bound) s")
        #expect(network.conservation.passed, "\(network.conservation.detail)")
    }

    @Test("a permutation across a 1:1 leaf-spine: every flow within 1.3× its ideal, no timeout")
    func permutation() throws {
        let config = try uec()
        let topology = try SmallFabrics.leafSpine(leaves: 4, spines: 4, hostsPerLeaf: 4, rate: rate, delay: delay)
        let requests = TrafficPattern.permutation(bytes: 1_000_000, start: .zero).requests(hosts: 16, seed: 1)
        let network = SmallFabrics.run(topology, config, requests)
        #expect(network.counters.flowsCompleted == Int64(requests.count))
        #expect(network.counters.timeouts == 0)
        for f in requests.indices {
            let time = try #require(network.finishTime(of: f)) - requests[f].start
            let ideal = network.idealCompletion(of: f)
            #expect(time.seconds <= 1.3 * ideal.seconds, "flow \(f): \(time) against its ideal \(ideal)")
        }
    }
}
