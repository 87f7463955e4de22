import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// The RoCE default, DCQCN with the set for the link's rate (`DCQCNConfig.perLinkRate`, `ECNConfig.perLinkRate`):
/// each switch port marks at the HPCC authors' thresholds for its own rate, an incast ends near its wire bound, and
/// two flows share a link fairly and fill it.
@Suite("Network: DCQCN at the link's rate")
struct DCQCNRateTests {
    let delay = SimTime.nanoseconds(500)

    /// The HPCC authors' map (alibaba-edu/High-Precision-Congestion-Control, simulation/run.py kmin_map, kmax_map
    /// and pmax_map; mix/config_doc.txt lists 25, 50 and 100 Gb/s): Kmin and Kmax in KB of 1,000 bytes by link
    /// rate in Gb/s, Pmax 0.2 at every rate. 200 and 800 Gb/s are what run.py writes for `--bw 50` (4 × 50) and
    /// `--bw 200` (4 × 200).
    static let authorsMap: [Int64: (kmin: Int64, kmax: Int64)] = [
        25: (100, 400), 50: (200, 800), 100: (400, 1_600), 200: (800, 3_200), 400: (1_600, 6_400), 800: (3_200, 12_800),
    ]

    @Test(
        "every switch port marks at the authors' thresholds for its own rate, 25 to 800 Gb/s, and a host's port never marks"
    )
    func thresholdsPerPortRate() throws {
        // One switch with a host at each rate, and a 400 Gb/s trunk to a second switch with a 100 Gb/s host.
        var builder = TopologyBuilder(kind: "custom")
        let rates: [Int64] = [25, 50, 100, 200, 400, 800]
        let hosts = rates.indices.map { builder.addNode(.host, name: "h\($0)") }
        let far = builder.addNode(.host, name: "far")
        let s0 = builder.addNode(.leaf, name: "s0")
        let s1 = builder.addNode(.leaf, name: "s1")
        for (h, gbps) in zip(hosts, rates) { builder.connect(h, s0, rate: .gigabitsPerSecond(gbps), delay: delay) }
        builder.connect(s0, s1, rate: .gigabitsPerSecond(400), delay: delay)
        builder.connect(far, s1, rate: .gigabitsPerSecond(100), delay: delay)
        let topology = try builder.build()
        let network = PacketNetwork(topology: topology, config: .roce, seed: 1)
        let curves = try #require(network.ecnThresholds)
        #expect(curves.count == topology.ports.count)
        var switchPorts = 0
        for (p, port) in topology.ports.enumerated() {
            if topology.nodes[port.node.index].role == .host {
                #expect(curves[p].probability(queueBytes: 1_000_000_000) == 0)
                continue
            }
            switchPorts += 1
            let gbps = port.rate.bitsPerSecond / 1_000_000_000
            let expected = try #require(Self.authorsMap[gbps])
            #expect(curves[p].kmin == ByteCount(expected.kmin * 1_000), "port \(p) at \(port.rate)")
            #expect(curves[p].kmax == ByteCount(expected.kmax * 1_000), "port \(p) at \(port.rate)")
            #expect(curves[p].pmax == 0.2)
        }
        #expect(switchPorts == rates.count + 2 + 1)
    }

    @Test("the increase steps are the authors' 5 and 50 Mb/s per 25 Gb/s of the sender's line rate")
    func increaseStepsPerLineRate() {
        let d = DCQCNConfig.perLinkRate
        for gbps: Int64 in [25, 100, 200, 400, 800] {
            let line = Bandwidth.gigabitsPerSecond(gbps)
            // run.py: ai = 5 * bw / 25, hai = 50 * bw / 25 (Mb/s), bw the NIC's rate in Gb/s.
            #expect(d.additiveIncrease.at(line) == .megabitsPerSecond(5 * gbps / 25))
            #expect(d.hyperIncrease.at(line) == .megabitsPerSecond(50 * gbps / 25))
        }
    }

    @Test(
        "a port marks with its own rate's thresholds: two line-rate senders into one port are marked between the counts of departures above Kmax and above Kmin",
        arguments: [Int64(100), 400])
    func marksAtItsOwnRate(gbps: Int64) throws {
        // As in the RED-curve test of RoCECongestionTests: two senders at line rate into one egress of the same
        // rate, no flow control, no rate control, a buffer that never fills. The j-th of 2N departures leaves
        // min(j, 2N − j) packets behind (to within 2 packets of event order). Those leaving more than Kmax are
        // marked for certain, those leaving at most Kmin never; so the count lies between the two counts, computed
        // from the authors' thresholds for this port's rate.
        let rate = Bandwidth.gigabitsPerSecond(gbps)
        let topology = try SmallFabrics.star(hosts: 3, rate: rate, delay: delay)
        var config = NetworkConfig.roce
        config.flowControl = .none
        config.congestionControl = .none
        config.switchBuffer = ByteCount(1_000_000_000)
        config.retransmitTimeout = .seconds(1)
        let packetsPerFlow = 600
        let requests = [1, 2].map {
            FlowRequest(source: $0, destination: 0, bytes: Int64(packetsPerFlow * config.mtu), start: .zero)
        }
        let network = SmallFabrics.run(topology, config, requests)
        let bottleneck = topology.ports.indices.first {
            topology.nodes[topology.ports[$0].node.index].role == .leaf
                && topology.neighbour(through: PortID($0)) == topology.hosts[0]
        }!
        #expect(network.counters.flowsCompleted == 2)
        let wire = Int64(config.wireBytes(payload: config.mtu))
        let map = try #require(Self.authorsMap[gbps])
        let departures = 2 * packetsPerFlow
        let behind = (1...departures).map { Int64(min($0, departures - $0)) * wire }
        let certain = behind.filter { $0 - 2 * wire > map.kmax * 1_000 }.count
        let possible = behind.filter { $0 + 2 * wire > map.kmin * 1_000 }.count
        let marks = network.ports[bottleneck].ecnMarks
        #expect(marks >= certain && marks <= possible, "\(marks) marks; expected \(certain)–\(possible)")
        #expect(marks > 0)
    }

    /// The wire bound of an incast of `senders` × `bytes` into one host through one switch: the receiver's port
    /// must serialise every byte of every packet; before the first it waits for one packet to reach the switch,
    /// after the last the packet's cable and its ACK's trip back (as HPCCTests computes it).
    func wireBound(senders: Int, bytes: Int64, rate: Bandwidth, config: NetworkConfig) -> SimTime {
        let packet = rate.serializationTime(of: ByteCount(Int64(config.wireBytes(payload: config.mtu))))
        let ack = rate.serializationTime(of: ByteCount(Int64(config.ackBytes)))
        let packetsPerFlow = (bytes + Int64(config.mtu) - 1) / Int64(config.mtu)
        let wireBytes = Int64(senders) * (bytes + packetsPerFlow * Int64(config.headerBytes))
        let oneWay = delay * 2 + config.switchLatency
        return packet + delay + config.switchLatency + rate.serializationTime(of: ByteCount(wireBytes)) + delay
            + ack * 2 + oneWay
    }

    @Test(
        "an 8-to-1 incast under the RoCE default ends within 1.3× of its wire bound with no drop, where the paper's set takes more than twice it",
        arguments: [Int64(100), 400])
    func incast(gbps: Int64) throws {
        // 80 µs of line rate per sender at either rate: 1 MB at 100 Gb/s, 4 MB at 400 Gb/s.
        let rate = Bandwidth.gigabitsPerSecond(gbps)
        let senders = 8
        let bytes = 10_000 * gbps
        let topology = try SmallFabrics.star(hosts: senders + 1, rate: rate, delay: delay)
        let requests = (1...senders).map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        let bound = wireBound(senders: senders, bytes: bytes, rate: rate, config: .roce)

        let network = SmallFabrics.run(topology, .roce, requests)
        #expect(network.counters.flowsCompleted == senders)
        #expect(network.counters.packetsDropped == 0)
        #expect(network.counters.cnpsSent > 0)
        let last = try #require((0..<senders).compactMap { network.finishTime(of: $0) }.max())
        #expect(last.seconds <= 1.3 * bound.seconds, "last byte at \(last), wire bound \(bound)")
        #expect(network.conservation.passed)

        var paper = NetworkConfig.roce
        paper.ecn = .dcqcnPaper
        paper.congestionControl = .dcqcn(.paper)
        let slow = SmallFabrics.run(topology, paper, requests)
        let paperLast = try #require((0..<senders).compactMap { slow.finishTime(of: $0) }.max())
        #expect(paperLast.seconds > 2 * bound.seconds, "paper set: last byte at \(paperLast), wire bound \(bound)")
    }

    @Test(
        "two long flows on one bottleneck under the RoCE default: Jain's index ≥ 0.95 and at least 95 % of the link's payload rate from 2 to 10 ms, no pause",
        arguments: [Int64(100), 400])
    func twoFlowsShareAndFill(gbps: Int64) throws {
        let rate = Bandwidth.gigabitsPerSecond(gbps)
        let topology = try SmallFabrics.star(hosts: 3, rate: rate, delay: delay)
        let config = NetworkConfig.roce
        let requests = [
            FlowRequest(source: 1, destination: 0, bytes: 2_000_000_000, start: .zero),
            FlowRequest(source: 2, destination: 0, bytes: 2_000_000_000, start: .microseconds(500)),
        ]
        let start = SimTime.milliseconds(2)
        let end = SimTime.milliseconds(10)
        let (delivered, network) = SmallFabrics.deliveredBetween(start, end, topology, config, requests)
        let sum = delivered[0] + delivered[1]
        let jain = SmallFabrics.jainIndex(delivered)
        #expect(jain >= 0.95, "shares \(delivered), Jain \(jain)")
        let goodput = sum * 8 / (end - start).seconds
        let payloadRate = Double(rate.bitsPerSecond) * config.payloadEfficiency
        #expect(
            goodput >= 0.95 * payloadRate && goodput <= payloadRate * 1.001,
            "\(goodput / 1e9) Gb/s of \(payloadRate / 1e9) Gb/s payload at line rate")
        #expect(network.counters.cnpsSent > 0)
        #expect(network.counters.pauseFrames == 0)
    }
}
