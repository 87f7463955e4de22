import FabricKernel
import FabricNetwork
import FabricScenario
import FabricTopology
import FabricTransport
import Testing

@Suite("Scenario: network scenarios")
struct NetworkScenarioTests {
    static let leafSpine = """
        name: ls
        fabric: FABRIC
        topology:
          shape: leaf-spine
          leaves: 2
          spines: 2
          servers_per_leaf: 2
          gpus_per_server: 1
          nics_per_server: 1
        traffic:
          pattern: permutation
          bytes: 100KB
        """

    func diagnostics(_ text: String, overrides: [String] = []) -> [ScenarioDiagnostic] {
        do {
            _ = try ScenarioLoader.load(text: text, file: "net.yaml", overrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test("fabric: roce and fabric: infiniband flip every network default together")
    func fabricFlipsDefaults() throws {
        for (fabric, expected) in [("roce", NetworkConfig.roce), ("infiniband", NetworkConfig.infiniband)] {
            let scenario = try ScenarioLoader.load(
                text: Self.leafSpine.replacingOccurrences(of: "FABRIC", with: fabric))
            guard case .network(let spec) = scenario.model else {
                Issue.record("expected a network model")
                return
            }
            #expect(spec.network == expected)
            #expect(spec.topology.hosts.count == 4)
        }
    }

    @Test("a network key overrides the fabric's default")
    func networkOverride() throws {
        let text = Self.leafSpine.replacingOccurrences(of: "FABRIC", with: "infiniband")
        let scenario = try ScenarioLoader.load(
            text: text, overrides: ["network.load_balancing=ecmp", "network.mtu=2048"])
        guard case .network(let spec) = scenario.model else {
            Issue.record("expected a network model, got \(scenario.model.name)")
            return
        }
        #expect(spec.network.loadBalancing == .ecmp)
        #expect(spec.network.mtu == 2048)
        #expect(spec.network.flowControl == .credits)
    }

    @Test("a switch that needs more ports than its radix is refused at the radix key")
    func radix() {
        let found = diagnostics(
            Self.leafSpine.replacingOccurrences(of: "FABRIC", with: "roce"), overrides: ["topology.radix=3"])
        #expect(found.count == 1)
        #expect(found.first?.path == "topology.radix")
        #expect(found.first?.message.contains("4") == true, "\(found)")
    }

    @Test("a misspelt topology key gets a suggestion; a choice lists its options")
    func misspelt() {
        let text = Self.leafSpine.replacingOccurrences(of: "FABRIC", with: "roce")
        #expect(
            diagnostics(text, overrides: ["topology.spine=3"]).first?.message.contains("did you mean 'spines'") == true)
        let choice = diagnostics(text, overrides: ["network.load_balancing=spary"])
        #expect(choice.first?.message.contains("did you mean 'spray'") == true)
        #expect(
            diagnostics(text, overrides: ["fabric=ethernet"]).first?.message.contains("one of: roce, infiniband")
                == true)
    }

    @Test("faults name real cables and switches, or the error says which name is unknown")
    func faults() throws {
        let text =
            Self.leafSpine.replacingOccurrences(of: "FABRIC", with: "roce") + """

                faults:
                  - link: leaf0-spine1
                    at: 10us
                    until: 20us
                  - link: leaf0-spine9
                    at: 5us
                """
        let found = diagnostics(text)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("spine9") == true, "\(found)")
        let fixed = text.replacingOccurrences(of: "spine9", with: "spine0")
        let scenario = try ScenarioLoader.load(text: fixed)
        guard case .network(let spec) = scenario.model else {
            Issue.record("expected a network model, got \(scenario.model.name)")
            return
        }
        #expect(spec.faults.faults.count == 2)
        #expect(spec.faults.changes.count == 3)
    }

    @Test("traffic must name hosts the topology has")
    func trafficHosts() {
        let text = Self.leafSpine.replacingOccurrences(of: "FABRIC", with: "roce")
        let incast = diagnostics(text, overrides: ["traffic.pattern=incast", "traffic.receiver=9"])
        #expect(incast.first?.path == "traffic.receiver")
        #expect(incast.first?.message.contains("hosts 0 to 3") == true)
        let flows = diagnostics(
            text,
            overrides: [
                "traffic.pattern=flows", "traffic.bytes=~",
                "traffic.flows=[{source: 0, destination: 0, bytes: 1KB}]",
            ])
        #expect(flows.contains { $0.path == "traffic.flows[0].destination" }, "\(flows)")
    }

    @Test("network, traffic or faults without a topology is an error")
    func networkWithoutTopology() {
        let found = diagnostics("traffic:\n  pattern: permutation\n")
        #expect(found.first?.message.contains("no topology") == true, "\(found)")
    }

    @Test("a network scenario runs to the end: every flow completes and packets are conserved")
    func runs() throws {
        let scenario = try ScenarioLoader.load(text: Self.leafSpine.replacingOccurrences(of: "FABRIC", with: "roce"))
        let result = ScenarioRunner(scenario: scenario).run()
        #expect(result.allChecksPassed)
        #expect(result.metrics["flows_completed"] == .int(4))
        #expect(result.metrics["goodput_bytes"] == .int(400_000))
    }
}
