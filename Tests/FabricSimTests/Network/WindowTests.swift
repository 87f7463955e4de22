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

    /// host0 – s0 – host1, RoCE framing, no ECN, no controller.
    private var config: NetworkConfig {
        var config = NetworkConfig.roce
        config.ecn = nil
        config.congestionControl = .none
        return config
    }

    /// A data packet's serialisation S and one packet's round trip on the idle path,
    /// RTT = (S + d + L + S + d) + (A + d + L + A + d), with A an ACK's serialisation, d the delay of a cable and L the
    /// switch's pipeline latency.
    private var timing: (serialisation: SimTime, roundTrip: SimTime) {
        let serialisation = rate.serializationTime(of: ByteCount(Int64(config.wireBytes(payload: config.mtu))))
        let ack = rate.serializationTime(of: ByteCount(Int64(config.ackBytes)))
        let roundTrip =
            (serialisation * 2 + delay * 2 + config.switchLatency) + (ack * 2 + delay * 2 + config.switchLatency)
        return (serialisation, roundTrip)
    }

    /// One flow of `packets` full packets from host0 to host1 under `window`. Sampled, it runs in steps of 50 ns
    /// (at most 1 ms) and records the bytes in flight after each; otherwise it runs for 1 ms at once.
    private func run(packets: Int, window: ByteCount, sampled: Bool) throws -> (
        inFlight: [(time: SimTime, bytes: Int64)], finish: SimTime?, retransmitted: Int64
    ) {
        let topology = try SmallFabrics.line(switches: 1, rate: rate, delay: delay)
        let config = config
        let request = FlowRequest(source: 0, destination: 1, bytes: Int64(packets * config.mtu), start: .zero)
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: [request]))
        simulator.start()
        simulator.model.network.flows[0].window = window
        guard sampled else {
            _ = simulator.run(until: .milliseconds(1))
            return (
                [], simulator.model.network.finishTime(of: 0), simulator.model.network.counters.retransmittedPackets
            )
        }
        var samples: [(time: SimTime, bytes: Int64)] = []
        var time = SimTime.zero
        while simulator.model.network.finishTime(of: 0) == nil, time < .milliseconds(1) {
            time += .nanoseconds(50)
            _ = simulator.run(until: time)
            let flow = simulator.model.network.flows[0]
            samples.append((time, (Int64(flow.nextToSend) - Int64(flow.acknowledged)) * Int64(config.mtu)))
        }
        return (
            samples, simulator.model.network.finishTime(of: 0), simulator.model.network.counters.retransmittedPackets
        )
    }

    @Test("a window of k packets caps what is in flight and delivers k packets per round trip")
    func windowLimitsFlight() throws {
        // A window of k packets, well below the path's bandwidth-delay product: the sender puts k packets on the wire
        // back to back, then waits for the first one's ACK; each ACK lets one more go. So P packets (a multiple of k)
        // are delivered — the last one acknowledged — at (P/k)·RTT + (k − 1)·S.
        let k = 4
        let packets = 200
        let window = ByteCount(Int64(k * config.mtu))
        let result = try run(packets: packets, window: window, sampled: true)
        for sample in result.inFlight {
            #expect(
                sample.bytes <= window.bytes,
                "\(sample.bytes) bytes in flight at \(sample.time) with a window of \(window)")
        }
        let peak = result.inFlight.map(\.bytes).max() ?? 0
        #expect(peak == window.bytes, "the window was never filled: peak \(peak) bytes in flight")

        let (serialisation, roundTrip) = timing
        let expected = roundTrip * Int64(packets / k) + serialisation * Int64(k - 1)
        let finish = try #require(result.finish)
        #expect(finish == expected, "delivered at \(finish), expected \(expected) (round trip \(roundTrip))")
        #expect(result.retransmitted == 0)
    }

    @Test("a window of k and a half packets lets k + 1 packets fly and delivers k + 1 per round trip")
    func partialPacketWindowRoundsUp() throws {
        // As the HPCC authors' NIC (window-bound once snd_nxt − snd_una ≥ W): the packet that crosses the window
        // still goes. With k = 3 and W = 3.5 packets, 4 packets fly; P packets (a multiple of 4) are delivered at
        // (P/4)·RTT + 3·S, the closed form of the test above for a window of 4.
        let flying = 4
        let packets = 200
        let window = ByteCount(Int64((flying - 1) * config.mtu + config.mtu / 2))
        let result = try run(packets: packets, window: window, sampled: true)
        let peak = result.inFlight.map(\.bytes).max() ?? 0
        #expect(peak == Int64(flying * config.mtu), "peak \(peak) bytes in flight with a window of \(window)")
        let (serialisation, roundTrip) = timing
        let expected = roundTrip * Int64(packets / flying) + serialisation * Int64(flying - 1)
        #expect(result.finish == expected)
    }

    @Test("a window below one packet still sends, one packet per round trip")
    func windowBelowOnePacket() throws {
        let result = try run(packets: 10, window: ByteCount(100), sampled: false)
        #expect(result.finish == timing.roundTrip * 10)
    }
}
