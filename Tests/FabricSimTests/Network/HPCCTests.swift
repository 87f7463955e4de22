import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// HPCC (CongestionControl/HPCC.swift): an incast finishes near the wire bound with the queue near empty, and two
/// or four flows share a link fairly at the utilisation the paper's window arithmetic settles at: with
/// W_AI = B·T·(1 − η)/N, N_f flows hold U = η + (1 − η)·N_f/N (docs/network-model.md, "Choosing W_AI").
@Suite("Network: HPCC")
struct HPCCTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)

    /// RoCE framing and PFC, HPCC at the NICs, no ECN (HPCC does not read it).
    var config: NetworkConfig {
        var config = NetworkConfig.roce
        config.ecn = nil
        config.congestionControl = .hpcc(.paper)
        return config
    }

    /// A full packet's and an ACK's serialisation on one cable, and the base round trip of every pair of hosts on
    /// one switch: data out (its serialisation at the host and the switch, two cables, the switch's pipeline), the
    /// ACK back (the same).
    var times: (packet: SimTime, ack: SimTime, roundTrip: SimTime) {
        let packet = rate.serializationTime(of: ByteCount(Int64(config.wireBytes(payload: config.mtu))))
        let ack = rate.serializationTime(of: ByteCount(Int64(config.ackBytes)))
        let oneWay = delay * 2 + config.switchLatency
        return (packet, ack, packet * 2 + oneWay + ack * 2 + oneWay)
    }

    func port(into host: Int, _ topology: Topology) -> Int {
        topology.ports.indices.first {
            topology.nodes[topology.ports[$0].node.index].role == .leaf
                && topology.neighbour(through: PortID($0)) == topology.hosts[host]
        }!
    }

    @Test(
        "an 8-to-1 incast at 100 Gb/s finishes within 1.3× of the wire bound, its queue bounded by the initial windows and near empty once HPCC has reacted"
    )
    func incast() throws {
        let senders = 8
        let bytes: Int64 = 1_000_000
        let topology = try SmallFabrics.star(hosts: senders + 1, rate: rate, delay: delay)
        let requests = (1...senders).map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        let bottleneck = port(into: 0, topology)
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: requests))
        simulator.start()
        // The queue, sampled every 100 ns once 20 base round trips have passed (the first window of each sender
        // has landed and been answered by then).
        let (packet, ack, roundTrip) = times
        var queueSum = 0.0
        var samples = 0.0
        var time = SimTime.zero
        while simulator.model.network.counters.flowsCompleted < senders, time < .milliseconds(10) {
            time += .nanoseconds(100)
            _ = simulator.run(until: time)
            if time > roundTrip * 20 {
                queueSum += Double(simulator.model.network.ports[bottleneck].queuedBytes)
                samples += 1
            }
        }
        let network = simulator.model.network
        #expect(network.counters.flowsCompleted == senders)
        #expect(network.counters.packetsDropped == 0)
        #expect(network.counters.pauseFrames == 0)

        // The wire bound: the receiver's port must serialise every byte of every packet; before the first it waits
        // for one packet to reach the switch, after the last the packet's cable and its ACK's trip back.
        let packetsPerFlow = (bytes + Int64(config.mtu) - 1) / Int64(config.mtu)
        let wireBytes = Int64(senders) * (bytes + packetsPerFlow * Int64(config.headerBytes))
        let oneWay = delay * 2 + config.switchLatency
        let bound =
            packet + delay + config.switchLatency + rate.serializationTime(of: ByteCount(wireBytes)) + delay
            + ack * 2 + oneWay
        let last = try #require((0..<senders).compactMap { network.finishTime(of: $0) }.max())
        #expect(last.seconds <= 1.3 * bound.seconds, "last byte at \(last), wire bound \(bound)")

        // A flow never has more than its initial window B·T in flight (HPCC's largest), so the queue can never hold
        // more than every sender's window, in wire bytes.
        let window = Double(rate.bitsPerSecond) * roundTrip.seconds / 8
        let wirePerPayload = Double(config.wireBytes(payload: config.mtu)) / Double(config.mtu)
        let peak = network.ports[bottleneck].peakQueuedBytes
        #expect(Double(peak) <= Double(senders) * window * wirePerPayload, "peak queue \(peak) bytes")
        // Near-zero afterwards: less than one packet on average.
        let meanQueue = queueSum / samples
        #expect(meanQueue < Double(config.wireBytes(payload: config.mtu)), "mean queue \(meanQueue) bytes")
    }

    @Test(
        "two long flows share one bottleneck with Jain's index ≥ 0.95, the link busy at HPCC's fixed point η + (1 − η)·2/N and the queue under a packet per flow"
    )
    func fairShareAtTarget() throws {
        // The second flow starts 0.5 ms late; measured from 2 to 4 ms. HPCC drives U, a link's in-flight bytes over
        // its bandwidth-delay product — the fraction of time it is busy plus its queue over B·T — to the fixed point
        // of W = W·η/U + W_AI summed over the flows: U = η + N_f·W_AI/(B·T) = η + (1 − η)·N_f/N.
        let topology = try SmallFabrics.star(hosts: 3, rate: rate, delay: delay)
        let requests = [
            FlowRequest(source: 1, destination: 0, bytes: 200_000_000, start: .zero),
            FlowRequest(source: 2, destination: 0, bytes: 200_000_000, start: .microseconds(500)),
        ]
        let bottleneck = port(into: 0, topology)
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: requests))
        simulator.start()
        let start = SimTime.milliseconds(2)
        let end = SimTime.milliseconds(4)
        _ = simulator.run(until: start)
        let deliveredBefore = requests.indices.map { simulator.model.network.deliveredBytes(of: $0) }
        let busyBefore = simulator.model.network.busyTime(port: bottleneck, now: start)
        var queueSum = 0.0
        var samples = 0.0
        var time = start
        while time < end {
            time += .nanoseconds(50)
            _ = simulator.run(until: time)
            queueSum += Double(simulator.model.network.ports[bottleneck].queuedBytes)
            samples += 1
        }
        let network = simulator.model.network
        let delivered = zip(requests.indices.map { network.deliveredBytes(of: $0) }, deliveredBefore).map {
            Double($0 - $1)
        }
        let jain =
            (delivered[0] + delivered[1]) * (delivered[0] + delivered[1])
            / (2 * (delivered[0] * delivered[0] + delivered[1] * delivered[1]))
        #expect(jain >= 0.95, "shares \(delivered)")

        let eta = HPCCConfig.paper.targetUtilisation
        let fixedPoint = eta + (1 - eta) * 2 / HPCCConfig.paper.expectedFlows
        let interval = (end - start).seconds
        let busy = (network.busyTime(port: bottleneck, now: end) - busyBefore).seconds / interval
        let goodput = (delivered[0] + delivered[1]) * 8 / interval
        let payloadRate = Double(rate.bitsPerSecond) * config.payloadEfficiency
        // The windows sum to the fixed point's share of B·T, and that keeps the link busy: the busy fraction is U.
        #expect(abs(busy - fixedPoint) < 0.02, "the bottleneck busy \(busy) of the time, fixed point \(fixedPoint)")
        #expect(abs(goodput / payloadRate - busy) < 0.01, "goodput \(goodput / 1e9) Gb/s")
        // The queue holds what the NIC's window rule lets past the windows (the packet that crosses a window still
        // goes): on average less than one packet per flow.
        let meanQueue = queueSum / samples
        #expect(meanQueue < 2 * Double(config.wireBytes(payload: config.mtu)), "mean queue \(meanQueue) B")
        #expect(network.counters.pauseFrames == 0)
    }

    @Test(
        "four long flows started 0.5 ms apart share one bottleneck with Jain's index ≥ 0.95 and fill it to 95 % of HPCC's fixed point"
    )
    func fourFlowsShareFairly() throws {
        // The case run.py's W_AI (N = 125) leaves unfair in the model and in the authors' simulator alike; with
        // N = 10 the windows' fixed point is 12× less sensitive to each flow's own estimate of U. Measured over
        // 2–6 ms after the last start. Goodput against the payload rate: at least 95 % of the fixed point
        // U = η + (1 − η)·4/N (the link's share HPCC aims at with four flows), at most the whole link.
        let topology = try SmallFabrics.star(hosts: 5, rate: rate, delay: delay)
        let requests = (1...4).map {
            FlowRequest(source: $0, destination: 0, bytes: 1 << 32, start: .microseconds(500 * Int64($0 - 1)))
        }
        let start = SimTime.microseconds(3_500)
        let end = SimTime.microseconds(7_500)
        let (shares, network) = SmallFabrics.deliveredBetween(start, end, topology, config, requests)
        let jain = SmallFabrics.jainIndex(shares)
        #expect(jain >= 0.95, "Jain \(jain), shares \(shares)")
        let eta = HPCCConfig.paper.targetUtilisation
        let fixedPoint = eta + (1 - eta) * 4 / HPCCConfig.paper.expectedFlows
        let payloadRate = Double(rate.bitsPerSecond) / 8 * config.payloadEfficiency
        let utilisation = shares.reduce(0, +) / (payloadRate * (end - start).seconds)
        #expect(utilisation >= 0.95 * fixedPoint && utilisation <= 1, "utilisation \(utilisation)")
        #expect(network.counters.pauseFrames == 0)
    }
}
