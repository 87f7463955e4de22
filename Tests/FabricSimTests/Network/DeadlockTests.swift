import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

@Suite("Network: PFC deadlock")
struct DeadlockTests {
    /// Five switches in a ring, two hosts on each; every host sends to a host two switches clockwise, so each
    /// ring cable carries its own switch's flows onward and the previous switch's through: a cyclic buffer
    /// dependency under shortest-path routing.
    func ringRun(deadlockTimeout: SimTime) throws -> (Topology, PacketNetwork, StopReason) {
        let topology = try RingConfig(
            switches: 5, serversPerSwitch: 2, linkRate: .gigabitsPerSecond(100),
            linkDelay: .nanoseconds(500)
        ).build()
        var config = NetworkConfig.roce
        config.ecn = nil
        config.congestionControl = .none
        config.pfc.xoff = .fixed(ByteCount(60_000))
        config.pfc.deadlockTimeout = deadlockTimeout
        let requests = (0..<10).map { h in
            FlowRequest(source: h, destination: (h + 4) % 10, bytes: 50_000_000, start: .zero)
        }
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: requests))
        simulator.start()
        let reason = simulator.run(until: .milliseconds(50))
        return (topology, simulator.model.network, reason)
    }

    @Test("a cyclic PFC dependency is reported as a deadlock with its ports, and the run stops")
    func ringDeadlock() throws {
        let (topology, network, reason) = try ringRun(deadlockTimeout: .microseconds(500))
        let cycle = try #require(network.deadlock, "no deadlock found; \(network.counters.pauseFrames) pause frames")
        #expect(reason == .finished)
        #expect(cycle.count >= 3)
        // Every port of the cycle is a ring cable, and the cycle closes.
        for (i, p) in cycle.enumerated() {
            let next = cycle[(i + 1) % cycle.count]
            #expect(topology.neighbour(through: PortID(p)) == topology.ports[next].node)
        }
        #expect(network.describePorts(cycle).contains("ring"))
        #expect(network.counters.packetsDropped == 0)
    }
}
