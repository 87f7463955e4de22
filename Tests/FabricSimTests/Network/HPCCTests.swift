import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// HPCC (CongestionControl/HPCC.swift): an incast finishes near the wire bound with the queue near empty, and two
/// flows share a link fairly at the utilisation HPCC aims for, η.
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
        "two long flows share one bottleneck with Jain's index ≥ 0.95, the link near η busy and HPCC's estimate — utilisation plus queue over the bandwidth-delay product — at η"
    )
    func fairShareAtTarget() throws {
        // The second flow starts 0.5 ms late; measured from 2 to 4 ms. HPCC drives U, a link's in-flight bytes over
        // its bandwidth-delay product — the fraction of time it is busy plus its queue over B·T — to η; the queue
        // term is what keeps the busy fraction a little below η.
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
        let interval = (end - start).seconds
        let busy = (network.busyTime(port: bottleneck, now: end) - busyBefore).seconds / interval
        let goodput = (delivered[0] + delivered[1]) * 8 / interval
        let payloadRate = Double(rate.bitsPerSecond) * config.payloadEfficiency
        #expect(busy > eta - 0.04 && busy <= eta + 0.01, "the bottleneck busy \(busy) of the time")
        #expect(abs(goodput / payloadRate - busy) < 0.01, "goodput \(goodput / 1e9) Gb/s")
        let bandwidthDelay = Double(rate.bitsPerSecond) * times.roundTrip.seconds / 8
        let estimate = busy + queueSum / samples / bandwidthDelay
        #expect(abs(estimate - eta) < 0.02, "busy \(busy) + queue \(queueSum / samples) B over B·T = \(estimate)")
        #expect(network.counters.pauseFrames == 0)
    }
}
