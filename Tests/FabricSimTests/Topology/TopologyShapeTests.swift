import FabricKernel
import Testing

@testable import FabricTopology

/// Each builder makes the fabric its formulas describe: hosts, switches, cables and ports per switch, and every
/// NIC on the switch its shape puts it on.
@Suite("Topology shapes: counts and wiring match the formulas")
struct TopologyShapeTests {
    private func count(_ topology: Topology, _ role: NodeRole) -> Int {
        topology.nodes.filter { $0.role == role }.count
    }

    private func portCounts(_ topology: Topology, _ role: NodeRole) -> Set<Int> {
        Set(topology.nodes.filter { $0.role == role }.map(\.ports.count))
    }

    @Test("a leaf-spine has leaves × servers × NICs hosts and leaves × spines × parallel fabric cables")
    func leafSpineCounts() throws {
        let config = LeafSpineConfig(
            leaves: 4, spines: 3, serversPerLeaf: 2,
            server: ServerConfig(gpusPerServer: 8, nicsPerServer: 4), parallelLinks: 2)
        let t = try config.build()
        #expect(t.kind == "leaf-spine")
        #expect(t.hosts.count == 4 * 2 * 4)
        #expect(t.servers.count == 4 * 2)
        #expect(t.gpuCount == 4 * 2 * 8)
        #expect(count(t, .leaf) == 4)
        #expect(count(t, .spine) == 3)
        #expect(t.switchCount == 7)
        #expect(t.cableCount == 32 + 4 * 3 * 2)
        #expect(t.ports.count == 2 * t.cableCount)
        #expect(portCounts(t, .leaf) == [2 * 4 + 3 * 2])
        #expect(portCounts(t, .spine) == [4 * 2])
        #expect(portCounts(t, .host) == [1])
        #expect(config.hosts == t.hosts.count && config.cables == t.cableCount && config.switches == t.switchCount)
    }

    @Test("every NIC of a server hangs from the server's leaf, and GPU g uses NIC g × nics / gpus")
    func leafSpineServers() throws {
        let t = try LeafSpineConfig(
            leaves: 3, spines: 2, serversPerLeaf: 2,
            server: ServerConfig(gpusPerServer: 8, nicsPerServer: 4)
        ).build()
        for (s, server) in t.servers.enumerated() {
            #expect(server.gpuNIC == [0, 0, 1, 1, 2, 2, 3, 3])
            #expect(server.nvlinkBandwidth == TopologyDefaults.nvlinkBandwidth)
            for (i, nic) in server.nics.enumerated() {
                #expect(t.node(nic).name == "server\(s).nic\(i)")
                #expect(t.node(nic).server == s)
                let leaf = t.node(t.neighbour(through: PortID(t.node(nic).ports.lowerBound)))
                #expect(leaf.name == "leaf\(s / 2)")
            }
        }
        // Host index follows server, then NIC order.
        #expect(t.node(t.hosts[5]).name == "server1.nic1")
        #expect(t.node(t.leaf(ofHost: 9)).name == "leaf1")
    }

    @Test("an explicit GPU-to-NIC map is kept, and the default spreads GPUs evenly over NICs")
    func gpuNICMapping() throws {
        #expect(ServerConfig(gpusPerServer: 8, nicsPerServer: 1).nicOfEveryGPU == Array(repeating: 0, count: 8))
        #expect(ServerConfig(gpusPerServer: 8, nicsPerServer: 8).nicOfEveryGPU == Array(0..<8))
        #expect(ServerConfig(gpusPerServer: 4, nicsPerServer: 8).nicOfEveryGPU == [0, 2, 4, 6])
        let map = [1, 1, 0, 0]
        let t = try LeafSpineConfig(
            leaves: 1, spines: 0, serversPerLeaf: 1,
            server: ServerConfig(gpusPerServer: 4, nicsPerServer: 2, gpuNIC: map)
        ).build()
        #expect(t.servers[0].gpuNIC == map)
    }

    @Test(
        "a k-ary fat-tree has k³/4 hosts, 5k²/4 switches of k ports each, and 3k³/4 cables", arguments: [4, 8, 12, 16])
    func kAryCounts(k: Int) throws {
        let t = try FatTreeConfig.kAry(k: k).build()
        #expect(t.kind == "fat-tree")
        #expect(t.hosts.count == k * k * k / 4)
        #expect(count(t, .leaf) == k * k / 2)
        #expect(count(t, .spine) == k * k / 2)
        #expect(count(t, .core) == k * k / 4)
        #expect(t.switchCount == 5 * k * k / 4)
        #expect(t.cableCount == 3 * k * k * k / 4)
        for role in [NodeRole.leaf, .spine, .core] { #expect(portCounts(t, role) == [k]) }
        #expect(t.gpuCount == t.hosts.count)
    }

    @Test("the benchmark sizes: k = 12 gives 432 hosts and k = 16 gives 1,024")
    func kAryBenchmarkSizes() throws {
        #expect(try FatTreeConfig.kAry(k: 12).hosts == 432)
        #expect(try FatTreeConfig.kAry(k: 16).hosts == 1_024)
    }

    @Test(
        "in a fat-tree, spine j of every pod joins exactly the cores of group j, and every leaf every spine of its pod")
    func fatTreeWiring() throws {
        let config = FatTreeConfig(
            pods: 3, leavesPerPod: 2, spinesPerPod: 2, cores: 6, serversPerLeaf: 2,
            server: ServerConfig(gpusPerServer: 2, nicsPerServer: 2))
        let t = try config.build()
        #expect(t.hosts.count == 3 * 2 * 2 * 2)
        #expect(t.switchCount == 3 * (2 + 2) + 6)
        #expect(t.cableCount == 24 + 3 * 2 * 2 + 3 * 6)
        #expect(portCounts(t, .leaf) == [2 * 2 + 2])
        #expect(portCounts(t, .spine) == [2 + 3])
        #expect(portCounts(t, .core) == [3])
        for node in t.nodes where node.role == .spine {
            let j = Int(node.name.split(separator: "spine").last!)!
            let cores = node.ports.map { t.node(t.neighbour(through: PortID($0))) }.filter { $0.role == .core }
            #expect(Set(cores.map(\.name)) == Set((3 * j..<3 * j + 3).map { "core\($0)" }))
            let leaves = node.ports.map { t.node(t.neighbour(through: PortID($0))) }.filter { $0.role == .leaf }
            #expect(leaves.count == 2 && leaves.allSatisfy { $0.pod == node.pod })
        }
        for node in t.nodes where node.role == .core {
            let pods = node.ports.map { t.node(t.neighbour(through: PortID($0))).pod }
            #expect(pods.sorted() == [0, 1, 2])
        }
        // Server 5 is in pod 1 (4 servers per pod), on its leaf 0.
        #expect(t.node(t.leaf(ofHost: 5 * 2)).name == "pod1.leaf0")
        #expect(t.node(t.hosts[5 * 2]).pod == 1)
    }

    @Test("rail-optimised: NIC i of every server hangs from a leaf of rail i, one leaf per rail per server group")
    func railWiring() throws {
        let config = RailOptimizedConfig(servers: 8, gpusPerServer: 4, serversPerRailLeaf: 4, spines: 2)
        let t = try config.build()
        #expect(t.kind == "rail-optimized")
        #expect(t.hosts.count == 8 * 4)
        #expect(count(t, .leaf) == 4 * 2)
        #expect(count(t, .spine) == 2)
        #expect(t.cableCount == 32 + 8 * 2)
        #expect(portCounts(t, .leaf) == [4 + 2])
        #expect(portCounts(t, .spine) == [8])
        for (s, server) in t.servers.enumerated() {
            #expect(server.gpuNIC == [0, 1, 2, 3])
            for (i, nic) in server.nics.enumerated() {
                let leaf = t.node(t.neighbour(through: PortID(t.node(nic).ports.lowerBound)))
                #expect(leaf.rail == i)
                #expect(t.node(nic).rail == i)
                #expect(leaf.name == "rail\(i).leaf\(s / 4)")
            }
        }
    }

    @Test("rail-optimised with the default group puts every server's NIC i on the one leaf of rail i")
    func railSingleGroup() throws {
        let t = try RailOptimizedConfig(servers: 5, spines: 3).build()
        #expect(t.nodes.filter { $0.role == .leaf }.map(\.name) == (0..<8).map { "rail\($0).leaf0" })
        for host in t.hosts.indices {
            #expect(t.node(t.leaf(ofHost: host)).rail == host % 8)
        }
    }

    @Test("node names are unique in every shape")
    func uniqueNames() throws {
        for t in [
            try LeafSpineConfig(leaves: 4, spines: 2, serversPerLeaf: 2).build(),
            try FatTreeConfig.kAry(k: 8).build(),
            try RailOptimizedConfig(servers: 8, serversPerRailLeaf: 2, spines: 4).build(),
        ] {
            #expect(Set(t.nodes.map(\.name)).count == t.nodes.count)
        }
    }
}
