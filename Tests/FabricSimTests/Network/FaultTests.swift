import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

@Suite("Network: faults")
struct FaultTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)

    @Test("a degraded link carries exactly its reduced rate")
    func degradedLink() throws {
        let topology = try SmallFabrics.line(switches: 2, rate: rate, delay: delay)
        let degraded = Bandwidth.gigabitsPerSecond(40)
        let bytes: Int64 = 8_000_000
        // Lossless through PFC, no rate control: the degraded link alone sets the pace.
        var config = NetworkConfig.roce
        config.ecn = nil
        config.congestionControl = .none
        let network = SmallFabrics.run(
            topology, config, [FlowRequest(source: 0, destination: 1, bytes: bytes, start: .zero)],
            faults: [.linkDegraded(CableReference("s0", "s1"), at: .zero, to: degraded)])
        let fct = try #require(network.records[0].finish)
        let goodput = Double(bytes) * 8 / fct.seconds
        let expected = Double(degraded.bitsPerSecond) * NetworkConfig.roce.payloadEfficiency
        #expect(abs(goodput - expected) / expected < 0.01, "goodput \(goodput / 1e9) Gb/s")
        // The degraded link was the only one that ran at its full utilisation for the transfer: busy nearly all
        // of it, where the 100 Gb/s ports on the path carried the same bytes in 40 % of the time.
        let middle = topology.ports.indices.first {
            topology.nodes[topology.ports[$0].node.index].name == "s0"
                && topology.nodes[topology.neighbour(through: PortID($0)).index].name == "s1"
        }!
        #expect(network.ports[middle].rate == degraded)
        for (p, port) in network.ports.enumerated() {
            let busy = port.busyTime.seconds / fct.seconds
            if p == middle {
                #expect(busy > 0.97, "the degraded port was busy \(busy) of the transfer")
            } else {
                #expect(busy < 0.45, "port \(p) was busy \(busy) of the transfer")
            }
        }
    }

    @Test("a failed link loses what is on it, and traffic moves to the other spine after the convergence delay")
    func failedLinkReroutes() throws {
        let topology = try SmallFabrics.leafSpine(leaves: 2, spines: 2, hostsPerLeaf: 1, rate: rate, delay: delay)
        // Find which spine ECMP picks for host 0 → host 1, then fail that cable in mid-transfer.
        let probe = SmallFabrics.run(
            topology, .roce, [FlowRequest(source: 0, destination: 1, bytes: 4_000_000, start: .zero)])
        let used = probe.ports.indices.first { p in
            topology.nodes[topology.ports[p].node.index].name == "leaf0" && probe.ports[p].packetsSent > 0
                && topology.nodes[topology.neighbour(through: PortID(p)).index].role == .spine
        }!
        let spine = topology.nodes[topology.neighbour(through: PortID(used)).index].name
        let failAt = SimTime.microseconds(100)
        let convergence = SimTime.microseconds(200)
        let network = SmallFabrics.run(
            topology, .roce, [FlowRequest(source: 0, destination: 1, bytes: 4_000_000, start: .zero)],
            faults: [.linkDown(CableReference("leaf0", spine), at: failAt)], convergence: convergence)
        let fct = try #require(network.records[0].finish)
        #expect(network.counters.packetsDropped > 0)
        #expect(network.reroutes == 1)
        // Nothing got through between the failure and convergence, so the flow is late by about that much.
        #expect(fct >= probe.records[0].finish! + convergence - .microseconds(20))
        // The other spine carried the rest.
        let other = network.ports.indices.first { p in
            topology.nodes[topology.ports[p].node.index].name == "leaf0" && p != used
                && topology.nodes[topology.neighbour(through: PortID(p)).index].role == .spine
        }!
        #expect(network.ports[other].packetsSent > 0)
        #expect(network.counters.goodputBytes == 4_000_000)
        #expect(network.conservation.passed)
    }
}
