import FabricNetwork
import FabricScenario
import FabricTransport
import Testing

/// The scenario keys of the Ultra-Ethernet mechanisms: each turns its mechanism on, and a combination in which it
/// could do nothing is refused where it is written, saying what was found and what is expected.
@Suite("Scenario: Ultra-Ethernet keys")
struct UltraEthernetKeysTests {
    let keys = ControllerKeysTests()

    func text(_ network: String, fabric: String = "roce") -> String {
        NetworkScenarioTests.leafSpine.replacingOccurrences(of: "FABRIC", with: fabric)
            + (network.isEmpty ? "" : "\nnetwork:\n" + network)
    }

    @Test("trimming: on under flow_control: none, refused beside pfc or credits, a hybrid under infiniband")
    func trimming() throws {
        #expect(try keys.load("  flow_control: none\n  trimming: true\n")?.trimming == true)
        #expect(try keys.load("  flow_control: none\n")?.trimming == false)
        let pfc = keys.diagnostics("  trimming: true\n")
        #expect(pfc.map(\.path) == ["network.trimming"])
        #expect(pfc.first?.message.contains("flow_control is pfc") == true, "\(pfc)")
        #expect(pfc.first?.message.contains("expected flow_control: none") == true, "\(pfc)")
        let infiniband = keys.diagnostics("  flow_control: none\n  trimming: true\n", fabric: "infiniband")
        #expect(infiniband.map(\.path) == ["network.trimming"], "\(infiniband)")
        #expect(
            try keys.load("  flow_control: none\n  trimming: true\n  hybrid: true\n", fabric: "infiniband")?
                .trimming == true)
        let lines = ScenarioInfo.describe(
            try ScenarioLoader.load(text: text("  flow_control: none\n  trimming: true\n"), file: "net.yaml"))
        let facts = Dictionary(lines.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(facts["flow control"]?.hasSuffix("trimming to 64-byte headers") == true, "\(facts)")
    }
}
