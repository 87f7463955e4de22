import FabricMetrics
import FabricScenario
import Testing

/// A network scenario with few flows lists them one by one, at both fidelities: a lone flow runs at line rate
/// (slowdown 1), two flows into one receiver share its cable (each about twice its time alone).
@Suite("Scenario: the traffic_flows table")
struct TrafficFlowsTableTests {
    static let text = """
        name: listed
        fabric: infiniband
        topology:
          shape: leaf-spine
          leaves: 2
          spines: 1
          servers_per_leaf: 2
          gpus_per_server: 1
          nics_per_server: 1
          host_link_rate: 100G
          fabric_link_rate: 400G
        traffic:
          pattern: flows
          flows:
            - {source: 0, destination: 1, bytes: 1MB}
            - {source: 2, destination: 3, bytes: 1MB}
            - {source: 1, destination: 3, bytes: 1MB}
        """

    @Test(
        "rows name each flow's hosts; the lone flow's slowdown is 1, the two into server3 about 2",
        arguments: ["packet", "flow"])
    func listed(fidelity: String) throws {
        let scenario = try ScenarioLoader.load(text: Self.text, overrides: ["fidelity=\(fidelity)"])
        let result = ScenarioRunner(scenario: scenario).run()
        guard case .array(let rows) = result.metrics["traffic_flows"] else {
            Issue.record("no traffic_flows table")
            return
        }
        #expect(rows.count == 3)
        #expect(
            rows.map { $0["source"] } == [.string("server0.nic0"), .string("server2.nic0"), .string("server1.nic0")])
        let slowdowns = try rows.map { try #require($0["slowdown"]?.doubleValue) }
        #expect(abs(slowdowns[0] - 1) < 0.01, "lone flow: \(slowdowns[0])")
        for s in slowdowns[1...] { #expect(s > 1.8 && s < 2.2, "sharing server3's cable: \(s)") }
    }

    @Test("more flows than the table lists: no table")
    func manyFlows() throws {
        let text = Self.text.components(separatedBy: "  pattern: flows")[0] + "  pattern: all-to-all\n  bytes: 10KB\n"
        let scenario = try ScenarioLoader.load(text: text, overrides: ["topology.servers_per_leaf=5"])
        let result = ScenarioRunner(scenario: scenario).run()
        #expect(result.metrics["flows"] == .int(90))
        #expect(result.metrics["traffic_flows"] == nil)
    }
}
