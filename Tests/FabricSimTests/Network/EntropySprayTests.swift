import FabricKernel
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

@testable import FabricNetwork

/// Entropy spraying (`load_balancing: entropy-spray`): each packet of a flow carries the next of its N entropy
/// values, which the switches hash as ECMP hashes a flow. Checked against the binomial law of N values hashed onto
/// k paths, and against ECMP itself for N = 1.
@Suite("Network: entropy spraying")
struct EntropySprayTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)

    func config(_ balancing: NetworkConfig.LoadBalancing, entropies: Int = 256) -> NetworkConfig {
        var config = NetworkConfig.lossyEthernet
        config.receiver = .selective
        config.loadBalancing = balancing
        config.sprayEntropies = entropies
        return config
    }

    /// The ports from `node` to the spines.
    func spinePorts(_ topology: Topology, from node: NodeID) -> [Int] {
        topology.nodes[node.index].ports.filter {
            topology.nodes[topology.neighbour(through: PortID($0)).index].role == .spine
        }
    }

    @Test(
        "with N ≫ paths, one flow's packets spread over k equal spines within binomial bounds",
        arguments: [1, 2, 3, 4, 5] as [UInt64])
    func balanced(seed: UInt64) throws {
        let k = 4
        let n = 1024
        let topology = try SmallFabrics.leafSpine(leaves: 2, spines: k, hostsPerLeaf: 1, rate: rate, delay: delay)
        let config = config(.entropySpray, entropies: n)
        // Four packets per entropy value, sent in turn: each spine carries 4 × the values hashed onto it.
        let packets = 4 * n
        let request = FlowRequest(source: 0, destination: 1, bytes: Int64(packets * config.mtu), start: .zero)
        let network = SmallFabrics.run(topology, config, [request], seed: seed)
        #expect(network.counters.flowsCompleted == 1)
        #expect(network.counters.retransmittedPackets == 0)
        let leaf = topology.neighbour(through: topology.uplink(ofHost: 0))
        let counts = spinePorts(topology, from: leaf).map { network.ports[$0].packetsSent }
        #expect(counts.reduce(0, +) == Int64(packets))
        // The values on each spine are Binomial(N, 1/k): its share within 4.5 standard deviations of 1/k (each
        // spine fails that with probability 7·10⁻⁶).
        let p = 1 / Double(k)
        let bound = 4.5 * (p * (1 - p) / Double(n)).squareRoot()
        for count in counts {
            let share = Double(count) / Double(packets)
            #expect(abs(share - p) <= bound, "spine shares \(counts) of \(packets), bound ±\(bound)")
        }
        // And every spine is used: N values leave none idle.
        #expect(counts.allSatisfy { $0 > 0 })
    }

    @Test("N = 1 is ECMP: every packet of a flow on its flow's path, the same ports and times as flow hashing")
    func oneEntropyIsECMP() throws {
        let topology = try SmallFabrics.leafSpine(leaves: 4, spines: 4, hostsPerLeaf: 4, rate: rate, delay: delay)
        let requests = TrafficPattern.permutation(bytes: 1_000_000, start: .zero).requests(hosts: 16, seed: 3)
        let ecmp = SmallFabrics.run(topology, config(.ecmp), requests, seed: 3)
        let single = SmallFabrics.run(topology, config(.entropySpray, entropies: 1), requests, seed: 3)
        #expect(single.ports.map(\.packetsSent) == ecmp.ports.map(\.packetsSent))
        #expect(single.records.map(\.finish) == ecmp.records.map(\.finish))
    }

    @Test(
        "spraying over 256 entropies gives a permutation a higher minimum flow throughput than ECMP",
        arguments: [1, 2, 3] as [UInt64])
    func sprayBeatsECMP(seed: UInt64) throws {
        let topology = try SmallFabrics.leafSpine(leaves: 4, spines: 4, hostsPerLeaf: 4, rate: rate, delay: delay)
        let requests = TrafficPattern.permutation(bytes: 1_000_000, start: .zero).requests(hosts: 16, seed: seed)
        func minimum(_ network: PacketNetwork) -> Double {
            network.records.map { Double($0.size) * 8 / ($0.finish! - $0.start).seconds }.min()!
        }
        let ecmp = minimum(SmallFabrics.run(topology, config(.ecmp), requests, seed: seed))
        let sprayed = minimum(SmallFabrics.run(topology, config(.entropySpray), requests, seed: seed))
        #expect(sprayed > ecmp * 1.1, "entropy-spray \(sprayed / 1e9) Gb/s, ECMP \(ecmp / 1e9) Gb/s")
    }
}
