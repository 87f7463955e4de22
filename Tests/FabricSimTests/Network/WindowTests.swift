import FabricKernel
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

@testable import FabricNetwork

/// The NIC's window (`Flow.window`, what window-based congestion controllers set): the next packet goes while the
/// bytes in flight are below it, and a flow it limits moves one window, rounded up to whole packets, per round trip.
@Suite("Network: the sender's window")
struct WindowTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.microseconds(1)

    @Test("a window of k packets caps what is in flight and delivers k packets per round trip")
    func windowLimitsFlight() throws {
        // host0 – s0 – host1, RoCE framing, no controller. A window of k packets, well below the path's
        // bandwidth-delay product: the sender puts k packets on the wire back to back, then waits for the first
        // one's ACK; each ACK lets one more go. With S a data packet's serialisation, A an ACK's, d the delay of a
        // cable and L the switch's pipeline latency, one packet's round trip on the idle path is
        // RTT = (S + d + L + S + d) + (A + d + L + A + d), so P packets (a multiple of k) are delivered — the last one
        // acknowledged — at (P/k)·RTT + (k − 1)·S.
        let topology = try SmallFabrics.line(switches: 1, rate: rate, delay: delay)
        var config = NetworkConfig.roce
        config.ecn = nil
        config.congestionControl = .none
        let k = 4
        let packets = 200
        let window = ByteCount(Int64(k * config.mtu))
        let request = FlowRequest(source: 0, destination: 1, bytes: Int64(packets * config.mtu), start: .zero)
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: [request]))
        simulator.start()
        simulator.model.network.flows[0].window = window

        var peak: Int64 = 0
        var time = SimTime.zero
        while simulator.model.network.finishTime(of: 0) == nil, time < .milliseconds(1) {
            time += .nanoseconds(50)
            _ = simulator.run(until: time)
            let flow = simulator.model.network.flows[0]
            let inFlight = (Int64(flow.nextToSend) - Int64(flow.acknowledged)) * Int64(config.mtu)
            peak = max(peak, inFlight)
            #expect(inFlight <= window.bytes, "\(inFlight) bytes in flight at \(time) with a window of \(window)")
        }
        #expect(peak == window.bytes, "the window was never filled: peak \(peak) bytes in flight")

        let serialisation = rate.serializationTime(of: ByteCount(Int64(config.wireBytes(payload: config.mtu))))
        let ack = rate.serializationTime(of: ByteCount(Int64(config.ackBytes)))
        let roundTrip =
            (serialisation * 2 + delay * 2 + config.switchLatency) + (ack * 2 + delay * 2 + config.switchLatency)
        let expected = roundTrip * Int64(packets / k) + serialisation * Int64(k - 1)
        let finish = try #require(simulator.model.network.finishTime(of: 0))
        #expect(finish == expected, "delivered at \(finish), expected \(expected) (round trip \(roundTrip))")
        #expect(simulator.model.network.counters.retransmittedPackets == 0)
    }

    @Test("a window of k and a half packets lets k + 1 packets fly and delivers k + 1 per round trip")
    func partialPacketWindowRoundsUp() throws {
        // As the HPCC authors' NIC (window-bound once snd_nxt − snd_una ≥ W): the packet that crosses the window
        // still goes. With k = 3 and W = 3.5 packets, 4 packets fly; P packets (a multiple of 4) are delivered at
        // (P/4)·RTT + 3·S, the closed form of the test above for a window of 4.
        let topology = try SmallFabrics.line(switches: 1, rate: rate, delay: delay)
        var config = NetworkConfig.roce
        config.ecn = nil
        config.congestionControl = .none
        let flying = 4
        let packets = 200
        let window = ByteCount(Int64((flying - 1) * config.mtu + config.mtu / 2))
        let request = FlowRequest(source: 0, destination: 1, bytes: Int64(packets * config.mtu), start: .zero)
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: [request]))
        simulator.start()
        simulator.model.network.flows[0].window = window
        var peak: Int64 = 0
        var time = SimTime.zero
        while simulator.model.network.finishTime(of: 0) == nil, time < .milliseconds(1) {
            time += .nanoseconds(50)
            _ = simulator.run(until: time)
            let flow = simulator.model.network.flows[0]
            peak = max(peak, (Int64(flow.nextToSend) - Int64(flow.acknowledged)) * Int64(config.mtu))
        }
        #expect(peak == Int64(flying * config.mtu), "peak \(peak) bytes in flight with a window of \(window)")
        let serialisation = rate.serializationTime(of: ByteCount(Int64(config.wireBytes(payload: config.mtu))))
        let ack = rate.serializationTime(of: ByteCount(Int64(config.ackBytes)))
        let roundTrip =
            (serialisation * 2 + delay * 2 + config.switchLatency) + (ack * 2 + delay * 2 + config.switchLatency)
        let expected = roundTrip * Int64(packets / flying) + serialisation * Int64(flying - 1)
        #expect(simulator.model.network.finishTime(of: 0) == expected)
    }

    @Test("a window below one packet still sends, one packet per round trip")
    func windowBelowOnePacket() throws {
        let topology = try SmallFabrics.line(switches: 1, rate: rate, delay: delay)
        var config = NetworkConfig.roce
        config.ecn = nil
        config.congestionControl = .none
        let request = FlowRequest(source: 0, destination: 1, bytes: Int64(10 * config.mtu), start: .zero)
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: [request]))
        simulator.start()
        simulator.model.network.flows[0].window = ByteCount(100)
        _ = simulator.run(until: .milliseconds(1))
        let serialisation = rate.serializationTime(of: ByteCount(Int64(config.wireBytes(payload: config.mtu))))
        let ack = rate.serializationTime(of: ByteCount(Int64(config.ackBytes)))
        let roundTrip =
            (serialisation * 2 + delay * 2 + config.switchLatency) + (ack * 2 + delay * 2 + config.switchLatency)
        #expect(simulator.model.network.finishTime(of: 0) == roundTrip * 10)
    }
}
