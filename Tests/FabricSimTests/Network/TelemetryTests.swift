import FabricKernel
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

@testable import FabricNetwork

/// In-band telemetry (InBandTelemetry): the hop records a data packet gathers at switch egress are the queue,
/// bytes, time and rate the port had, computed here in closed form, and its ACK carries them back.
@Suite("Network: in-band telemetry")
struct TelemetryTests {
    @Test(
        "each data packet's hop records are its ports' queue, bytes sent before it, departure time and rate, and its ACK echoes them"
    )
    func recordsMatchTheQueues() throws {
        // h0 –100G– s0 –100G– s1 –30G– h1, every cable d long, switch pipeline L, store-and-forward; one flow of P
        // packets sent back to back at line rate, no controller, nothing paused or dropped. With S a packet's
        // serialisation at 100 Gb/s and S30 at 30 Gb/s, packet i reaches s0 at (i + 1)·S + d + L and leaves at
        // once (the port finished packet i − 1 just then): its record there shows an empty queue and i packets
        // sent. It reaches s1 at t_i = (i + 2)·S + 2d + 2L; s1's egress is slower, so it leaves at
        // t_0 + i·S30, when the packets j > i with t_j ≤ t_0 + i·S30 wait behind it:
        // min(⌊i·S30/S⌋, P − 1) − i of them.
        let fast = Bandwidth.gigabitsPerSecond(100)
        let slow = Bandwidth.gigabitsPerSecond(30)
        let d = SimTime.microseconds(1)
        var builder = TopologyBuilder(kind: "custom")
        let h0 = builder.addNode(.host, name: "h0")
        let h1 = builder.addNode(.host, name: "h1")
        let s0 = builder.addNode(.leaf, name: "s0")
        let s1 = builder.addNode(.leaf, name: "s1")
        builder.connect(h0, s0, rate: fast, delay: d)
        builder.connect(s0, s1, rate: fast, delay: d)
        builder.connect(s1, h1, rate: slow, delay: d)
        let topology = try builder.build()
        func port(from a: NodeID, to b: NodeID) -> Int {
            topology.nodes[a.index].ports.first { topology.neighbour(through: PortID($0)) == b }!
        }
        let s0Out = port(from: s0, to: s1)
        let s1Out = port(from: s1, to: h1)
        let h1Out = port(from: h1, to: s1)

        var config = NetworkConfig.roce
        config.ecn = nil
        config.congestionControl = .none
        let packets = 40
        let wire = Int64(config.wireBytes(payload: config.mtu))
        let request = FlowRequest(source: 0, destination: 1, bytes: Int64(packets * config.mtu), start: .zero)
        var network = PacketNetwork(topology: topology, config: config, seed: 1)
        // Telemetry without a controller that reads it, so that nothing reacts to it: the flow stays at line rate.
        network.telemetry = InBandTelemetry(isOn: true)
        network.egressFeedback = true
        var simulator = Simulator(model: TrafficRun(network: network, requests: [request]))
        simulator.start()

        let S = fast.serializationTime(of: ByteCount(wire))
        let S30 = slow.serializationTime(of: ByteCount(wire))
        let L = config.switchLatency
        func expected(_ i: Int) -> [HopRecord] {
            let atS1 = S * 2 + d * 2 + L * 2 + S30 * Int64(i)
            let behind = min(Int(atS1.rawValue - (S * 2 + d * 2 + L * 2).rawValue) / Int(S.rawValue), packets - 1) - i
            return [
                HopRecord(
                    port: Int32(s0Out), queueBytes: 0, transmittedBytes: Int64(i) * wire,
                    time: S * Int64(i + 1) + d + L, rate: fast),
                HopRecord(
                    port: Int32(s1Out), queueBytes: Int64(behind) * wire, transmittedBytes: Int64(i) * wire,
                    time: atS1, rate: slow),
            ]
        }
        // Packet i is the newest on the s1 → h1 cable halfway through its serialisation there; its ACK is the
        // newest on the h1 → s1 cable 10 ns after the packet reaches h1 (ACKs are 1.1 µs apart).
        enum Look { case data, ack }
        var looks: [(time: SimTime, packet: Int, look: Look)] = []
        for i in 0..<packets {
            let leaves = expected(i)[1].time
            looks.append((leaves + SimTime(rawValue: S30.rawValue / 2), i, .data))
            looks.append((leaves + S30 + d + .nanoseconds(10), i, .ack))
        }
        looks.sort { $0.time < $1.time }
        var behindSeen = 0
        for look in looks {
            _ = simulator.run(until: look.time)
            let network = simulator.model.network
            let cable = look.look == .data ? s1Out : h1Out
            let x = network.ports[cable].inFlight.tail
            try #require(x != PacketPool.none, "nothing on the cable at \(look.time)")
            #expect(network.pool[x].kind == (look.look == .data ? .data : .ack))
            #expect(network.pool[x].sequence == UInt32(look.look == .data ? look.packet : look.packet + 1))
            let trace = Array(network.hopTrace(ofPacket: x))
            #expect(trace == expected(look.packet), "packet \(look.packet), \(look.look)")
            behindSeen = max(behindSeen, Int((trace.last?.queueBytes ?? 0) / wire))
        }
        // The slow port did queue (27 packets at most): the records checked were not only zeros.
        #expect(behindSeen == (0..<packets).map { Int(expected($0)[1].queueBytes / wire) }.max())
        #expect(behindSeen > 20)
        _ = simulator.run(until: .milliseconds(1))
        #expect(simulator.model.network.counters.flowsCompleted == 1)
        #expect(simulator.model.network.counters.pauseFrames == 0)
    }

    @Test("telemetry is off unless the controller in force asks for it: no record is written")
    func offByDefault() throws {
        let topology = try SmallFabrics.line(switches: 2, rate: .gigabitsPerSecond(100), delay: .microseconds(1))
        let request = FlowRequest(source: 0, destination: 1, bytes: 100_000, start: .zero)
        var simulator = Simulator(
            model: TrafficRun(
                network: PacketNetwork(topology: topology, config: .roce, seed: 1), requests: [request]))
        simulator.start()
        #expect(!simulator.model.network.telemetry.isOn)
        _ = simulator.run(until: .microseconds(5))
        let x = simulator.model.network.ports.indices.lazy.map { simulator.model.network.ports[$0].inFlight.tail }
            .first { $0 != PacketPool.none }
        let packet = try #require(x)
        #expect(simulator.model.network.hopTrace(ofPacket: packet).isEmpty)
    }
}
