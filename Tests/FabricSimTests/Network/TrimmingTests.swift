import FabricKernel
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

@testable import FabricNetwork

/// Packet trimming (`NetworkConfig.trimming`): a full buffer cuts a data packet to its headers instead of dropping
/// it, the receiver NACKs that packet and its sender resends it at once — so an incast into a small buffer loses
/// no time to retransmission timeouts. Checked against the wire's arithmetic and against the same run with drops.
@Suite("Network: packet trimming")
struct TrimmingTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)
    let bytes: Int64 = 1 << 20

    /// Lossy Ethernet with a buffer small enough to overflow at once: a 300 KB shared buffer, alpha 1/2, so one
    /// egress queue holds at most 100 KB — far below what eight line-rate senders bring.
    func config(trimming: Bool) -> NetworkConfig {
        var config = NetworkConfig.lossyEthernet
        config.switchBuffer = ByteCount(300_000)
        config.receiver = .selective
        config.trimming = trimming
        return config
    }

    func incast(_ config: NetworkConfig) throws -> (network: PacketNetwork, finish: SimTime, bound: Double) {
        let topology = try SmallFabrics.star(hosts: 9, rate: rate, delay: delay)
        let requests = (1...8).map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        let network = SmallFabrics.run(topology, config, requests, limit: .seconds(1))
        let finish = try #require(requests.indices.compactMap { network.finishTime(of: $0) }.max())
        // Eight messages' wire bytes through the receiver's one cable, one packet's way in and the last ACK's
        // way back.
        let wire = Double(config.wireBytes(payload: config.mtu)) / Double(config.mtu)
        let bound = 8 * Double(bytes) * wire * 8 / Double(rate.bitsPerSecond) + 4 * delay.seconds
        return (network, finish, bound)
    }

    @Test(
        "an 8-to-1 incast into a small buffer: no timeout, every byte delivered, one retransmission per trim, near the wire bound"
    )
    func incast() throws {
        let trimmed = try incast(config(trimming: true))
        let c = trimmed.network.counters
        #expect(c.flowsCompleted == 8)
        #expect(c.goodputBytes == 8 * bytes)
        #expect(c.timeouts == 0)
        #expect(c.packetsDropped == 0)
        #expect(c.packetsTrimmed > 0)
        // Each trim costs exactly one retransmission of that packet, and its receiver one NACK.
        #expect(c.retransmittedPackets == c.packetsTrimmed)
        #expect(c.nacksSent == c.packetsTrimmed)
        #expect(trimmed.network.conservation.passed, "\(trimmed.network.conservation.detail)")
        // Every trim happened at the receiver's port, whose count the port table carries.
        let bottleneck = trimmed.network.topology.ports[trimmed.network.topology.uplink(ofHost: 0).index].peer.index
        #expect(trimmed.network.ports[bottleneck].trims == c.packetsTrimmed)
        // The headers of the trimmed packets share the receiver's cable with the data: at most 7 trims per packet
        // delivered when eight senders blast at line rate, 64 bytes each beside a 4178-byte packet (≤ 11 %).
        #expect(trimmed.finish.seconds <= 1.2 * trimmed.bound, "finish \(trimmed.finish) against \(trimmed.bound) s")

        // The same run with drops recovers by timeouts: far from the bound.
        let dropped = try incast(config(trimming: false))
        #expect(dropped.network.counters.packetsDropped > 0)
        #expect(dropped.network.counters.timeouts > 0)
        #expect(
            dropped.finish.seconds >= 2 * trimmed.finish.seconds, "drops \(dropped.finish), trims \(trimmed.finish)")
    }
}
