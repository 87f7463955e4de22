import FabricKernel
import Testing

@testable import FabricTopology

/// Every cable is two directions that point at each other and carry the rate and delay of its tier.
@Suite("Topology wiring: cables are symmetric and carry their tier's rate and delay")
struct TopologyWiringTests {
    static let host = (rate: Bandwidth.gigabitsPerSecond(100), delay: SimTime.nanoseconds(10))
    static let middle = (rate: Bandwidth.gigabitsPerSecond(200), delay: SimTime.nanoseconds(20))
    static let top = (rate: Bandwidth.gigabitsPerSecond(400), delay: SimTime.nanoseconds(30))

    static func shapes() throws -> [Topology] {
        [
            try LeafSpineConfig(
                leaves: 3, spines: 2, serversPerLeaf: 2, server: ServerConfig(nicsPerServer: 2),
                parallelLinks: 2, hostLinkRate: host.rate, fabricLinkRate: middle.rate,
                hostLinkDelay: host.delay, fabricLinkDelay: middle.delay
            ).build(),
            try FatTreeConfig(
                pods: 2, leavesPerPod: 2, spinesPerPod: 2, cores: 4, serversPerLeaf: 2,
                hostLinkRate: host.rate, leafSpineRate: middle.rate, spineCoreRate: top.rate,
                hostLinkDelay: host.delay, leafSpineDelay: middle.delay, spineCoreDelay: top.delay
            ).build(),
            try RailOptimizedConfig(
                servers: 4, gpusPerServer: 2, serversPerRailLeaf: 2, spines: 2,
                hostLinkRate: host.rate, fabricLinkRate: middle.rate,
                hostLinkDelay: host.delay, fabricLinkDelay: middle.delay
            ).build(),
        ]
    }

    @Test("every port's peer's peer is itself, on another node, with the same rate and delay")
    func peersPair() throws {
        for t in try Self.shapes() {
            for (p, port) in t.ports.enumerated() {
                let back = t.port(port.peer)
                #expect(back.peer == PortID(p))
                #expect(back.node != port.node)
                #expect(back.rate == port.rate && back.delay == port.delay)
            }
        }
    }

    @Test("each node owns exactly its port range, and a host has one port")
    func portRanges() throws {
        for t in try Self.shapes() {
            var covered = 0
            for (n, node) in t.nodes.enumerated() {
                #expect(node.ports.lowerBound == covered)
                covered = node.ports.upperBound
                for p in node.ports { #expect(t.ports[p].node == NodeID(n)) }
                if node.role == .host { #expect(node.ports.count == 1) }
            }
            #expect(covered == t.ports.count)
        }
    }

    @Test("host cables, leaf–spine cables and spine–core cables have the rate and delay configured for their tier")
    func tierRatesAndDelays() throws {
        for t in try Self.shapes() {
            for port in t.ports {
                let roles = Set([t.node(port.node).role, t.node(t.port(port.peer).node).role])
                let expected = roles.contains(.host) ? Self.host : roles.contains(.core) ? Self.top : Self.middle
                #expect(roles.count == 2)
                #expect(port.rate == expected.rate, "\(t.kind) \(roles)")
                #expect(port.delay == expected.delay, "\(t.kind) \(roles)")
            }
        }
    }

    @Test("cables join adjacent tiers only: host–leaf, leaf–spine, spine–core; a node's level is its role's tier")
    func adjacentTiers() throws {
        for t in try Self.shapes() {
            for port in t.ports {
                let a = Int(t.node(port.node).role.rawValue)
                let b = Int(t.node(t.port(port.peer).node).role.rawValue)
                #expect(abs(a - b) == 1)
            }
            #expect(NodeLevels(t).level == t.nodes.map { Int($0.role.rawValue) }, "\(t.kind)")
        }
    }

    @Test("the defaults: 400 Gb/s everywhere, 5 ns per metre over 3 m, 30 m and 100 m, NVLink 4 at 450 GB/s each way")
    func defaults() throws {
        let t = try FatTreeConfig(pods: 2, leavesPerPod: 1, spinesPerPod: 1, cores: 1, serversPerLeaf: 1).build()
        #expect(Set(t.ports.map(\.rate)) == [Bandwidth.gigabitsPerSecond(400)])
        #expect(Set(t.ports.map(\.delay)) == [SimTime.nanoseconds(15), .nanoseconds(150), .nanoseconds(500)])
        #expect(t.servers[0].nvlinkBandwidth.bitsPerSecond == 450 * 8 * 1_000_000_000)
        #expect(t.servers[0].nvlinkLatency == .nanoseconds(500))
        #expect(t.servers[0].gpuCount == 8 && t.servers[0].nics.count == 8)
    }
}
