import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// How flows spread over the equal-cost paths of a leaf-spine fabric.
@Suite("Network: load balancing")
struct LoadBalancingTests {
    let rate = Bandwidth.gigabitsPerSecond(100)
    let delay = SimTime.nanoseconds(500)

    func permutation(_ balancing: NetworkConfig.LoadBalancing, seed: UInt64) throws -> PacketNetwork {
        let topology = try SmallFabrics.leafSpine(leaves: 4, spines: 4, hostsPerLeaf: 4, rate: rate, delay: delay)
        var config = NetworkConfig.infiniband
        config.loadBalancing = balancing
        let requests = TrafficPattern.permutation(bytes: 1_000_000, start: .zero).requests(hosts: 16, seed: seed)
        return SmallFabrics.run(topology, config, requests, seed: seed)
    }

    func minimumThroughput(_ network: PacketNetwork) -> Double {
        network.records.map { Double($0.size) * 8 / ($0.finish! - $0.start).seconds }.min()!
    }

    @Test("ECMP with a fixed salt is deterministic; another seed hashes flows onto other paths")
    func ecmpDeterministic() throws {
        let a = try permutation(.ecmp, seed: 3)
        let b = try permutation(.ecmp, seed: 3)
        #expect(a.records.map(\.finish) == b.records.map(\.finish))
        #expect(a.ports.map(\.packetsSent) == b.ports.map(\.packetsSent))
        // Same traffic (seed 3's permutation), different salts: the spine ports carry different loads.
        let topology = try SmallFabrics.leafSpine(leaves: 4, spines: 4, hostsPerLeaf: 4, rate: rate, delay: delay)
        var config = NetworkConfig.infiniband
        config.loadBalancing = .ecmp
        let requests = TrafficPattern.permutation(bytes: 1_000_000, start: .zero).requests(hosts: 16, seed: 3)
        let resalted = SmallFabrics.run(topology, config, requests, seed: 4)
        #expect(a.ports.map(\.packetsSent) != resalted.ports.map(\.packetsSent))
    }

    @Test(
        "packet spraying gives a permutation a higher minimum flow throughput than ECMP",
        arguments: [1, 2, 3] as [UInt64])
    func sprayBeatsECMP(seed: UInt64) throws {
        let ecmp = minimumThroughput(try permutation(.ecmp, seed: seed))
        let spray = minimumThroughput(try permutation(.spray, seed: seed))
        #expect(spray > ecmp * 1.1, "spray \(spray / 1e9) Gb/s, ECMP \(ecmp / 1e9) Gb/s")
    }

    @Test("adaptive routing does at least as well as ECMP", arguments: [1, 2, 3] as [UInt64])
    func adaptiveAtLeastECMP(seed: UInt64) throws {
        let ecmp = minimumThroughput(try permutation(.ecmp, seed: seed))
        let adaptive = minimumThroughput(try permutation(.adaptive, seed: seed))
        #expect(adaptive >= ecmp * 0.99, "adaptive \(adaptive / 1e9) Gb/s, ECMP \(ecmp / 1e9) Gb/s")
    }
}
