import FabricKernel
import Testing

@testable import FabricTopology

/// A configuration that cannot be built is refused with a message naming the field, what was found and what is
/// expected, before anything large is allocated.
@Suite("Topology configs: errors name the field and what is expected")
struct TopologyConfigErrorTests {
    private func problem(_ build: () throws(TopologyBuilder.Problem) -> Topology) -> TopologyBuilder.Problem? {
        do {
            _ = try build()
            return nil
        } catch {
            return error
        }
    }

    @Test("a leaf that needs more ports than the radix is refused, with the count and what the ports are for")
    func leafRadix() throws {
        // 4 servers × 8 NICs + 4 spines = 36 ports.
        let config = LeafSpineConfig(leaves: 4, spines: 4, serversPerLeaf: 4, radix: 32)
        let p = try #require(problem(config.build))
        #expect(p.field == "radix")
        #expect(p.description.contains("leaf needs 36 ports (32 to hosts + 4 to spines) but radix is 32"))
        var fits = config
        fits.radix = 36
        #expect(problem(fits.build) == nil)
    }

    @Test("a spine that needs more ports than the radix is refused")
    func spineRadix() throws {
        let p = try #require(problem(LeafSpineConfig(leaves: 40, spines: 2, serversPerLeaf: 1, radix: 36).build))
        #expect(p.description.contains("spine needs 40 ports (40 to leaves) but radix is 36"))
    }

    @Test("a k-ary fat-tree fills its radix exactly; one more server per leaf overflows it")
    func fatTreeRadix() throws {
        var config = try FatTreeConfig.kAry(k: 8)
        #expect(config.radix == 8)
        #expect(problem(config.build) == nil)
        config.serversPerLeaf += 1
        let p = try #require(problem(config.build))
        #expect(p.description.contains("leaf needs 9 ports"))
    }

    @Test("core switches that cannot be split evenly among a pod's spines are refused")
    func coresDivide() throws {
        let p = try #require(
            problem(FatTreeConfig(pods: 2, leavesPerPod: 2, spinesPerPod: 4, cores: 6, serversPerLeaf: 1).build))
        #expect(p.field == "cores")
        #expect(p.description.contains("cores must be a multiple of 4"))
    }

    @Test("a k-ary fat-tree needs an even k")
    func oddK() {
        #expect(throws: TopologyBuilder.Problem.self) { try FatTreeConfig.kAry(k: 5) }
        #expect(throws: TopologyBuilder.Problem.self) { try FatTreeConfig.kAry(k: 0) }
    }

    @Test("rail-leaf groups must divide the servers")
    func railGroups() throws {
        let p = try #require(problem(RailOptimizedConfig(servers: 8, serversPerRailLeaf: 3, spines: 2).build))
        #expect(p.field == "servers_per_rail_leaf")
        #expect(p.description.contains("must divide 8"))
    }

    @Test("more than one leaf without a spine is refused: the leaves would be islands")
    func noSpines() throws {
        let p = try #require(problem(LeafSpineConfig(leaves: 2, spines: 0, serversPerLeaf: 1).build))
        #expect(p.field == "spines")
        #expect(problem(LeafSpineConfig(leaves: 1, spines: 0, serversPerLeaf: 4).build) == nil)
        #expect(problem(RailOptimizedConfig(servers: 4, spines: 0).build)?.field == "spines")
    }

    @Test(
        "zero, negative and too-fast values name their field",
        arguments: [
            (LeafSpineConfig(leaves: 0, spines: 1, serversPerLeaf: 1), "leaves"),
            (LeafSpineConfig(leaves: 1, spines: 1, serversPerLeaf: 0), "servers_per_leaf"),
            (LeafSpineConfig(leaves: 1, spines: 1, serversPerLeaf: 1, parallelLinks: 0), "parallel_links"),
            (
                LeafSpineConfig(leaves: 1, spines: 1, serversPerLeaf: 1, server: ServerConfig(nicsPerServer: 0)),
                "server.nics_per_server"
            ),
            (
                LeafSpineConfig(leaves: 1, spines: 1, serversPerLeaf: 1, server: ServerConfig(gpusPerServer: 0)),
                "server.gpus_per_server"
            ),
            (
                LeafSpineConfig(leaves: 1, spines: 1, serversPerLeaf: 1, server: ServerConfig(gpuNIC: [0, 1])),
                "server.gpu_nic"
            ),
            (
                LeafSpineConfig(
                    leaves: 1, spines: 1, serversPerLeaf: 1,
                    server: ServerConfig(gpusPerServer: 2, nicsPerServer: 2, gpuNIC: [0, 2])), "server.gpu_nic"
            ),
            (
                LeafSpineConfig(leaves: 1, spines: 1, serversPerLeaf: 1, hostLinkRate: Bandwidth(bitsPerSecond: 0)),
                "host_link_rate"
            ),
            (
                LeafSpineConfig(leaves: 1, spines: 1, serversPerLeaf: 1, fabricLinkRate: .gigabitsPerSecond(20_000)),
                "fabric_link_rate"
            ),
            (
                LeafSpineConfig(leaves: 1, spines: 1, serversPerLeaf: 1, fabricLinkDelay: SimTime(picoseconds: -1)),
                "fabric_link_delay"
            ),
            (LeafSpineConfig(leaves: 1, spines: 1, serversPerLeaf: 1, radix: 0), "radix"),
        ] as [(LeafSpineConfig, String)])
    func badField(config: LeafSpineConfig, field: String) throws {
        let p = try #require(problem(config.build))
        #expect(p.field == field)
        #expect(p.description.hasPrefix("leaf-spine: "))
        #expect(p.description.contains(field))
    }

    @Test("a fabric beyond 100,000 hosts is refused with the limit and the product that exceeded it")
    func tooManyHosts() throws {
        let p = try #require(problem(LeafSpineConfig(leaves: 1_000, spines: 10, serversPerLeaf: 20).build))
        #expect(p.description.contains("160000 hosts (leaves 1000 × servers_per_leaf 20 × nics_per_server 8)"))
        #expect(p.description.contains("limit of 100000"))
    }

    @Test("more than 20,000 switches, or a million cables, is refused")
    func tooManySwitchesOrCables() throws {
        let switches = try #require(
            problem(
                LeafSpineConfig(
                    leaves: 15_000, spines: 15_000, serversPerLeaf: 1,
                    server: .singleGPU
                ).build))
        #expect(switches.description.contains("30000 switches exceed the limit of 20000"))
        let cables = try #require(
            problem(
                LeafSpineConfig(
                    leaves: 2_000, spines: 2_000, serversPerLeaf: 1,
                    server: .singleGPU
                ).build))
        #expect(cables.description.contains("exceed the limit of 1000000"))
    }

    @Test("a fabric of 10^16 hosts is refused from its arithmetic, before anything is allocated")
    func overflowingSizes() throws {
        let p = try #require(
            problem(
                FatTreeConfig(
                    pods: 20_000, leavesPerPod: 20_000, spinesPerPod: 1, cores: 1,
                    serversPerLeaf: 100_000,
                    server: ServerConfig(nicsPerServer: 256)
                ).build))
        #expect(p.description.contains("limit of 100000"))
    }
}
