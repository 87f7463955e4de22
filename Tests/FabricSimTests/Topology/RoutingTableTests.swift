import FabricKernel
import Testing

@testable import FabricTopology

/// Equal-cost next hops: as many as the shapes' formulas say, on shortest paths only, and none over a failed cable.
@Suite("Routing: equal-cost next hops and shortest paths")
struct RoutingTableTests {
    private func leafSpine(spines: Int, parallel: Int = 1) throws -> Topology {
        try LeafSpineConfig(leaves: 4, spines: spines, serversPerLeaf: 2, server: .singleGPU, parallelLinks: parallel)
            .build()
    }

    private func named(_ t: Topology, _ name: String) throws -> NodeID { try #require(t.node(named: name)) }

    @Test(
        "on a leaf-spine with S spines a leaf has S next hops toward a host on another leaf, one to each spine",
        arguments: [1, 2, 4])
    func leafFansOut(spines: Int) throws {
        let t = try leafSpine(spines: spines)
        let routes = RoutingTable(topology: t)
        let leaf0 = try named(t, "leaf0")
        let hops = routes.nextHops(at: leaf0, toward: 2) // host 2 is server2.nic0, on leaf1
        #expect(hops.count == spines)
        #expect(Set(hops.map { t.node(t.neighbour(through: $0)).name }) == Set((0..<spines).map { "spine\($0)" }))
    }

    @Test("toward a host of its own, a leaf has exactly one next hop: the host's cable")
    func leafToOwnHost() throws {
        let t = try leafSpine(spines: 4)
        let routes = RoutingTable(topology: t)
        let hops = routes.nextHops(at: try named(t, "leaf0"), toward: 1)
        #expect(hops.count == 1)
        #expect(t.neighbour(through: hops[0]) == t.hosts[1])
    }

    @Test("parallel cables are separate next hops: S spines × 2 cables give 2S at a leaf and 2 at a spine")
    func parallelCables() throws {
        let t = try leafSpine(spines: 3, parallel: 2)
        let routes = RoutingTable(topology: t)
        #expect(routes.nextHops(at: try named(t, "leaf0"), toward: 2).count == 6)
        #expect(routes.nextHops(at: try named(t, "spine1"), toward: 2).count == 2)
        #expect(routes.pathCount(fromHost: 0, toHost: 2, in: t) == 6 * 2)
    }

    @Test("a k-ary fat-tree has (k/2)² shortest paths between pods, k/2 between leaves of a pod, 1 on a leaf")
    func kAryPathCounts() throws {
        let k = 8
        let t = try FatTreeConfig.kAry(k: k).build()
        let routes = RoutingTable(topology: t)
        let perLeaf = k / 2
        let perPod = perLeaf * k / 2
        #expect(routes.pathCount(fromHost: 0, toHost: perPod, in: t) == (k / 2) * (k / 2))
        #expect(routes.pathCount(fromHost: 0, toHost: t.hosts.count - 1, in: t) == (k / 2) * (k / 2))
        #expect(routes.pathCount(fromHost: 0, toHost: perLeaf, in: t) == k / 2)
        #expect(routes.pathCount(fromHost: 0, toHost: 1, in: t) == 1)
        let paths = routes.paths(fromHost: 0, toHost: perPod, in: t)
        #expect(paths.count == 16)
        #expect(paths.allSatisfy { $0.count == 6 })
        #expect(Set(paths).count == paths.count)
    }

    @Test("after a leaf–spine cable goes down the leaf has S − 1 next hops and no path uses the cable")
    func downCableAvoided() throws {
        let t = try leafSpine(spines: 4)
        let schedule = try FaultSchedule(
            [
                .linkDown(
                    CableReference("leaf0", "spine1"), at: .microseconds(1),
                    upAt: .microseconds(5))
            ], in: t)
        let down = LinkState(t, schedule: schedule, at: .microseconds(2))
        let routes = RoutingTable(topology: t, isUp: down.isUp)
        let leaf0 = try named(t, "leaf0")
        let hops = routes.nextHops(at: leaf0, toward: 2)
        #expect(hops.count == 3)
        #expect(!hops.map { t.node(t.neighbour(through: $0)).name }.contains("spine1"))
        let cable = Set(schedule.changes[0].ports)
        for a in t.hosts.indices {
            for b in t.hosts.indices where a != b {
                for path in routes.paths(fromHost: a, toHost: b, in: t) {
                    #expect(cable.isDisjoint(with: path))
                }
            }
        }
        // Hosts on leaf0 still reach every other host over the 3 remaining spines.
        #expect(routes.pathCount(fromHost: 4, toHost: 0, in: t) == 3)

        let healed = LinkState(t, schedule: schedule, at: .microseconds(5))
        #expect(RoutingTable(topology: t, isUp: healed.isUp).nextHops(at: leaf0, toward: 2).count == 4)
    }

    @Test("a spine that goes down removes one next hop at every leaf")
    func downSwitchAvoided() throws {
        let t = try leafSpine(spines: 4)
        let schedule = try FaultSchedule([.switchDown("spine0", at: .zero)], in: t)
        let routes = RoutingTable(topology: t, isUp: LinkState(t, schedule: schedule, at: .zero).isUp)
        for leaf in 0..<4 {
            let target = ((leaf + 1) % 4) * 2
            #expect(routes.nextHops(at: try named(t, "leaf\(leaf)"), toward: target).count == 3)
        }
        #expect(routes.nextHops(at: try named(t, "spine0"), toward: 0).isEmpty)
    }

    @Test("rail-optimised: two GPUs of one rail on servers of the same group are 2 hops apart through their rail leaf")
    func railSameGroup() throws {
        let t = try RailOptimizedConfig(servers: 4, gpusPerServer: 4, serversPerRailLeaf: 2, spines: 2).build()
        let routes = RoutingTable(topology: t)
        // Host index = server × 4 + GPU (NIC i serves GPU i).
        for gpu in 0..<4 {
            let paths = routes.paths(fromHost: 0 * 4 + gpu, toHost: 1 * 4 + gpu, in: t)
            #expect(paths.count == 1)
            #expect(paths[0].count == 2)
            #expect(t.node(t.neighbour(through: paths[0][0])).name == "rail\(gpu).leaf0")
        }
        // Same rail, other group: up to a spine and down, over either spine.
        #expect(routes.paths(fromHost: 0, toHost: 2 * 4, in: t).map(\.count) == [4, 4])
        // Another rail: through a spine too.
        #expect(routes.paths(fromHost: 0, toHost: 1 * 4 + 1, in: t).map(\.count) == [4, 4])
    }
}
