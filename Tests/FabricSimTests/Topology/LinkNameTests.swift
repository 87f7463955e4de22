import FabricKernel
import FabricMetrics
import FabricScenario
import FabricTopology
import Testing

/// Every link has a name of its own: parallel cables between the same two switches are told apart in every
/// report, and by the same index a fault takes.
@Suite("Link names: unique, and the index a fault takes")
struct LinkNameTests {
    let topology: Topology

    init() throws {
        topology = try LeafSpineConfig(leaves: 2, spines: 4, serversPerLeaf: 2, server: .singleGPU, parallelLinks: 3)
            .build()
    }

    @Test("every port's link name is unique; the first of parallel cables keeps the plain name, the others /1, /2")
    func unique() throws {
        let names = topology.linkNames
        #expect(names.count == topology.ports.count)
        #expect(Set(names).count == names.count)
        #expect(
            names.filter { $0.hasPrefix("leaf0→spine1") }.sorted() == [
                "leaf0→spine1", "leaf0→spine1/1", "leaf0→spine1/2",
            ])
        #expect(names.contains("leaf0→server0.nic0") && !names.contains("leaf0→server0.nic0/1"))
        // One port at a time gives the same names as all at once.
        for p in topology.ports.indices { #expect(topology.linkName(PortID(p)) == names[p]) }
    }

    @Test("both directions of a cable carry its index, and a fault by either spelling takes exactly that cable")
    func faultsNameTheSameCable() throws {
        let names = topology.linkNames
        for spelling in ["leaf0-spine1/2", "spine1-leaf0/2", "leaf0→spine1/2", "spine1→leaf0/2"] {
            let schedule = try FaultSchedule([.linkDown(try CableReference.parse(spelling), at: .zero)], in: topology)
            #expect(
                Set(schedule.changes[0].ports.map { names[$0.index] }) == ["leaf0→spine1/2", "spine1→leaf0/2"],
                "\(spelling)")
        }
        let first = try FaultSchedule([.linkDown(try CableReference.parse("leaf0-spine1"), at: .zero)], in: topology)
        #expect(Set(first.changes[0].ports.map { names[$0.index] }) == ["leaf0→spine1", "spine1→leaf0"])
        #expect(throws: TopologyBuilder.Problem.self) { try CableReference.parse("leaf0→") }
    }

    @Test("a run's ports table and series name each of two parallel cables apart")
    func inResults() throws {
        let scenario = try ScenarioLoader.load(
            text: """
                name: parallel
                fabric: roce
                topology: {shape: leaf-spine, leaves: 2, spines: 1, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1,
                           parallel_links: 2}
                traffic: {pattern: permutation, bytes: 200KB}
                """)
        let result = ScenarioRunner(scenario: scenario).run()
        guard case .array(let rows)? = result.metrics["ports"] else {
            Issue.record("no ports")
            return
        }
        let links = rows.compactMap { row -> String? in if case .string(let s)? = row["link"] { s } else { nil } }
        #expect(links.count == rows.count && Set(links).count == links.count)
        #expect(Set(links).isSuperset(of: ["leaf0→spine0", "leaf0→spine0/1"]))
        let subjects = result.series.series.compactMap(\.descriptor.subject).filter { $0.hasPrefix("leaf0→spine0") }
        #expect(Set(subjects).isSuperset(of: ["leaf0→spine0", "leaf0→spine0/1"]))
    }
}
