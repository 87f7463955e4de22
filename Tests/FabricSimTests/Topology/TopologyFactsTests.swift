import FabricKernel
import Testing

@testable import FabricTopology

/// The derived figures an engineer sizes a fabric by: oversubscription per tier, bisection bandwidth, diameter,
/// switch and cable counts.
@Suite("Topology facts: oversubscription, bisection bandwidth and diameter")
struct TopologyFactsTests {
    /// 12 single-NIC servers per leaf at `hostRate`: 4.8 Tb/s of downlinks per leaf at 400 Gb/s.
    private func twelvePerLeaf(spines: Int, parallel: Int = 1, hostRate: Bandwidth = .gigabitsPerSecond(400)) throws
        -> Topology
    {
        try LeafSpineConfig(
            leaves: 4, spines: spines, serversPerLeaf: 12, server: .singleGPU, parallelLinks: parallel,
            hostLinkRate: hostRate
        ).build()
    }

    @Test(
        "a leaf with 12 × 400G down is 1:1 over 12 spines, 2:1 over 6, 3:1 over 4, and 2:1 over 3 spines × 2 cables",
        arguments: [(12, 1, 1.0), (6, 1, 2.0), (4, 1, 3.0), (3, 2, 2.0)])
    func leafOversubscription(spines: Int, parallel: Int, ratio: Double) throws {
        let facts = TopologyFacts(try twelvePerLeaf(spines: spines, parallel: parallel))
        let leaf = try #require(facts.oversubscription(at: .leaf))
        #expect(leaf.best == ratio && leaf.worst == ratio)
        // Spines of a two-tier fabric have nothing above them.
        #expect(facts.oversubscription(at: .spine) == nil)
    }

    @Test("oversubscription counts rates, not cables: 12 × 100G under one 400G spine link is 3:1")
    func oversubscriptionByRate() throws {
        let facts = TopologyFacts(try twelvePerLeaf(spines: 1, hostRate: .gigabitsPerSecond(100)))
        #expect(facts.oversubscription(at: .leaf)?.worst == 3)
    }

    @Test("a fat-tree reports each tier: leaves 1:1 under 2 spines, spines 4:1 under one core each")
    func fatTreeOversubscription() throws {
        let t = try FatTreeConfig(
            pods: 2, leavesPerPod: 4, spinesPerPod: 2, cores: 2, serversPerLeaf: 2,
            server: .singleGPU
        ).build()
        let facts = TopologyFacts(t)
        #expect(facts.oversubscription(at: .leaf)?.worst == 1)
        #expect(facts.oversubscription(at: .spine)?.worst == 4)
        #expect(facts.oversubscription(at: .core) == nil)
    }

    @Test(
        "a k-ary fat-tree is non-blocking at every tier and its bisection bandwidth is hosts × rate / 2",
        arguments: [4, 8, 16])
    func kAryBisection(k: Int) throws {
        let rate = Bandwidth.gigabitsPerSecond(100)
        let facts = TopologyFacts(try FatTreeConfig.kAry(k: k, rate: rate).build())
        #expect(facts.oversubscription.map(\.worst) == [1, 1])
        #expect(facts.bisectionBandwidth.bitsPerSecond == Int64(facts.hosts) * rate.bitsPerSecond / 2)
    }

    @Test("a 2:1 leaf-spine has half the bisection bandwidth of its hosts' own: hosts × rate / 4")
    func oversubscribedBisection() throws {
        let facts = TopologyFacts(try twelvePerLeaf(spines: 6))
        #expect(facts.bisectionBandwidth.bitsPerSecond == 48 * 400_000_000_000 / 4)
        #expect(facts.upwardCapacity.map(\.from) == [.host, .leaf])
        #expect(facts.upwardCapacity.map(\.cables) == [48, 24])
    }

    @Test("host to host is 4 cable hops across a leaf-spine, 2 on one leaf, 6 across a fat-tree's pods, 4 within one")
    func diameters() throws {
        #expect(TopologyFacts(try twelvePerLeaf(spines: 2)).diameter == 4)
        #expect(TopologyFacts(try LeafSpineConfig(leaves: 1, spines: 0, serversPerLeaf: 4).build()).diameter == 2)
        #expect(TopologyFacts(try FatTreeConfig.kAry(k: 8).build()).diameter == 6)
        #expect(
            TopologyFacts(
                try FatTreeConfig(
                    pods: 1, leavesPerPod: 2, spinesPerPod: 2, cores: 2,
                    serversPerLeaf: 1
                ).build()
            ).diameter == 4)
        #expect(TopologyFacts(try RailOptimizedConfig(servers: 4, spines: 2).build()).diameter == 4)
        #expect(
            TopologyFacts(try LeafSpineConfig(leaves: 1, spines: 0, serversPerLeaf: 1, server: .singleGPU).build())
                .diameter == 0)
    }

    @Test("the diameter equals the longest shortest path the routing table gives between any two hosts")
    func diameterAgreesWithRouting() throws {
        for t in [
            try FatTreeConfig.kAry(k: 4).build(),
            try RailOptimizedConfig(servers: 4, gpusPerServer: 2, serversPerRailLeaf: 2, spines: 2).build(),
        ] {
            let routes = RoutingTable(topology: t)
            var longest = 0
            for a in t.hosts.indices {
                for b in t.hosts.indices where a != b {
                    let path = try #require(routes.paths(fromHost: a, toHost: b, in: t, limit: 1).first)
                    longest = max(longest, path.count)
                }
            }
            #expect(TopologyFacts(t).diameter == longest)
        }
    }

    @Test("two leaves with no spine between them have no diameter: some hosts cannot reach each other")
    func disconnected() throws {
        var builder = TopologyBuilder(kind: "custom")
        let h0 = builder.addNode(.host, name: "h0")
        let h1 = builder.addNode(.host, name: "h1")
        let l0 = builder.addNode(.leaf, name: "leaf0")
        let l1 = builder.addNode(.leaf, name: "leaf1")
        builder.connect(h0, l0, rate: .gigabitsPerSecond(100), delay: .nanoseconds(5))
        builder.connect(h1, l1, rate: .gigabitsPerSecond(100), delay: .nanoseconds(5))
        let facts = TopologyFacts(try builder.build())
        #expect(facts.diameter == nil)
        #expect(facts.lines.contains { $0.label == "diameter" && $0.value.contains("cannot reach") })
    }

    @Test("switches per role, ports per switch and cables by speed are counted")
    func counts() throws {
        let t = try LeafSpineConfig(
            leaves: 4, spines: 2, serversPerLeaf: 3, server: .singleGPU, parallelLinks: 2,
            hostLinkRate: .gigabitsPerSecond(200), fabricLinkRate: .gigabitsPerSecond(800)
        ).build()
        let facts = TopologyFacts(t)
        #expect(facts.hosts == 12 && facts.gpus == 12 && facts.servers == 12 && facts.gpusPerServer == 1)
        #expect(
            facts.switches == [
                .init(role: .leaf, count: 4, minPorts: 7, maxPorts: 7),
                .init(role: .spine, count: 2, minPorts: 8, maxPorts: 8),
            ])
        #expect(facts.cables == 12 + 16)
        #expect(
            facts.cablesBySpeed == [
                .init(rate: .gigabitsPerSecond(800), cables: 16),
                .init(rate: .gigabitsPerSecond(200), cables: 12),
            ])
        #expect(facts.minLinkDelay == TopologyDefaults.hostLinkDelay)
    }

    @Test("the info lines print counts, ratios and units a reader can check")
    func lines() throws {
        let facts = TopologyFacts(try LeafSpineConfig(leaves: 8, spines: 4, serversPerLeaf: 2).build())
        let rows = Dictionary(facts.lines.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(rows["topology"] == "leaf-spine")
        #expect(rows["hosts (NICs)"] == "128")
        #expect(rows["GPUs"] == "128: 16 servers × 8")
        #expect(rows["NVLink per GPU"] == "3.6Tbps (450GB/s) each way, 500ns")
        #expect(rows["switches"] == "12: 8 leaf, 4 spine")
        #expect(rows["cables"] == "160: 160 × 400Gbps")
        #expect(rows["ports per leaf"] == "20")
        #expect(rows["ports per spine"] == "8")
        #expect(rows["oversubscription at leaf"] == "4:1")
        #expect(rows["bisection bandwidth"] == "6.4Tbps")
        #expect(rows["diameter"] == "4 hops host to host")
        #expect(rows["shortest link delay"] == "15ns")
        let single = TopologyFacts(try FatTreeConfig.kAry(k: 4).build()).lines
        #expect(!single.contains { $0.label == "NVLink per GPU" })
        #expect(single.contains { $0.label == "oversubscription at spine" && $0.value == "1:1 (non-blocking)" })
        #expect(
            TopologyFacts.ratio(1) == "1:1" && TopologyFacts.ratio(1.5) == "1.5:1"
                && TopologyFacts.ratio(4.0 / 3) == "1.333:1")
    }

    @Test("a ring's bisection is the two cables a halving cuts, and a ring has no tier above its switches")
    func ringBisection() throws {
        let rate = Bandwidth.gigabitsPerSecond(100)
        let facts = TopologyFacts(
            try RingConfig(switches: 6, serversPerSwitch: 2, linkRate: rate).build())
        #expect(facts.bisectionBandwidth.bitsPerSecond == 2 * rate.bitsPerSecond)
        #expect(facts.oversubscription.isEmpty)
        #expect(facts.upwardCapacity.map(\.from) == [.host])
    }

    @Test(
        "on small fabrics the bisection equals a brute-force search over every halving and every cut",
        arguments: 0..<6)
    func bisectionAgainstBruteForce(shape: Int) throws {
        let topology: Topology =
            switch shape {
            case 0: try RingConfig(switches: 4, serversPerSwitch: 1).build()
            case 1: try RingConfig(switches: 5, serversPerSwitch: 2).build()
            case 2: try LeafSpineConfig(leaves: 4, spines: 2, serversPerLeaf: 2, server: .singleGPU).build()
            case 3:
                try LeafSpineConfig(
                    leaves: 3, spines: 1, serversPerLeaf: 3, server: .singleGPU, hostLinkRate: .gigabitsPerSecond(100)
                ).build()
            case 4: try RailOptimizedConfig(servers: 4, gpusPerServer: 2, spines: 2).build()
            default:
                try RailOptimizedConfig(
                    servers: 4, gpusPerServer: 2, spines: 1, fabricLinkRate: .gigabitsPerSecond(100)
                ).build()
            }
        #expect(
            TopologyFacts(topology).bisectionBandwidth.bitsPerSecond == Self.bruteForceBisection(topology),
            "\(topology.kind) \(shape)")
    }

    /// The least capacity of the cables leaving a set of nodes that holds exactly half the hosts (rounded down),
    /// over every such set: the definition of the bisection bandwidth, searched exhaustively.
    static func bruteForceBisection(_ topology: Topology) -> Int64 {
        let hosts = topology.hosts.map(\.index)
        let switches = topology.nodes.indices.filter { topology.nodes[$0].role != .host }
        var least = Int64.max
        var side = [Bool](repeating: false, count: topology.nodes.count)
        for hostMask in 0..<(1 << hosts.count) where hostMask.nonzeroBitCount == hosts.count / 2 {
            for (i, h) in hosts.enumerated() { side[h] = hostMask & (1 << i) != 0 }
            for switchMask in 0..<(1 << switches.count) {
                for (i, s) in switches.enumerated() { side[s] = switchMask & (1 << i) != 0 }
                var cut: Int64 = 0
                for (p, port) in topology.ports.enumerated()
                where side[port.node.index] && !side[topology.neighbour(through: PortID(p)).index] {
                    cut += port.rate.bitsPerSecond
                }
                least = min(least, cut)
            }
        }
        return least
    }
}
