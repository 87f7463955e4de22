import FabricExport
import FabricMetrics
import FabricNetwork
import FabricScenario
import FabricTransport
import Testing

/// One fabric's mechanisms never slip into the other's silently: credits under RoCE, PFC, ECN or DCQCN under
/// InfiniBand are refused at their key unless the scenario asks for a hybrid, which results then name.
@Suite("Scenario: fabric mixing")
struct FabricMixingTests {
    func diagnostics(_ text: String, overrides: [String]) -> [ScenarioDiagnostic] {
        do {
            _ = try ScenarioLoader.load(text: text, file: "net.yaml", overrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func text(_ fabric: String, network: String = "") -> String {
        NetworkScenarioTests.leafSpine.replacingOccurrences(of: "FABRIC", with: fabric)
            + (network.isEmpty ? "" : "\nnetwork:\n" + network)
    }

    @Test("credits under roce, and pfc, ecn or dcqcn under infiniband, are refused at their key")
    func foreignMechanismRefused() {
        let cases: [(fabric: String, line: String, key: String)] = [
            ("roce", "  flow_control: credits\n", "network.flow_control"),
            ("infiniband", "  flow_control: pfc\n", "network.flow_control"),
            ("infiniband", "  ecn: true\n", "network.ecn"),
            ("infiniband", "  dcqcn: connectx\n", "network.dcqcn"),
        ]
        for (fabric, line, key) in cases {
            let found = diagnostics(text(fabric, network: line), overrides: [])
            #expect(found.count == 1, "\(found)")
            #expect(found.first?.path == key)
            #expect(found.first?.message.contains("but the fabric is \(fabric)") == true)
            #expect(found.first?.message.contains("network.hybrid: true") == true)
            // The key's own line: `network:` follows the 12 lines of the leaf-spine scenario.
            #expect(
                found.first?.location == .file(line: 14, column: line.split(separator: ":")[0].count + 3), "\(found)")
        }
    }

    @Test("a file pinned to infiniband's credits, switched to roce by --set, is refused unless it is a hybrid")
    func pinnedKeySurvivesFabricChange() throws {
        let pinned = text("infiniband", network: "  flow_control: credits\n")
        let found = diagnostics(pinned, overrides: ["fabric=roce"])
        #expect(found.map(\.path) == ["network.flow_control"])
        let hybrid = try ScenarioLoader.load(text: pinned, overrides: ["fabric=roce", "network.hybrid=true"])
        #expect(hybrid.model.network?.network.flowControl == .credits)
        #expect(hybrid.model.network?.network.congestionControl.name == "dcqcn")
        #expect(hybrid.model.network?.hybrid == "roce with InfiniBand's credit-based flow control (credits)")
    }

    @Test("a network all of one fabric is no hybrid")
    func nativeIsNoHybrid() throws {
        for fabric in ["roce", "infiniband"] {
            let scenario = try ScenarioLoader.load(text: text(fabric), overrides: ["network.hybrid=true"])
            #expect(scenario.model.network?.hybrid == nil)
            #expect(scenario.model.network?.fabricDescription == fabric)
        }
    }

    @Test("a hybrid is named by info, the terminal summary and summary.json")
    func hybridShown() throws {
        let scenario = try ScenarioLoader.load(text: text("infiniband", network: "  ecn: true\n  hybrid: true\n"))
        #expect(
            ScenarioInfo.describe(scenario).contains {
                $0.label == "fabric" && $0.value == "hybrid: infiniband with RoCEv2's ECN marking (ecn: true)"
            })
        let result = ScenarioRunner(scenario: scenario).run()
        #expect(result.hybridFabric == "infiniband with RoCEv2's ECN marking (ecn: true)")
        let summary = JSONWriter.string(SummaryDocument.summary(result))
        #expect(summary.contains("\"hybrid_fabric\": \"infiniband with RoCEv2's ECN marking (ecn: true)\""))
        let terminal = TerminalSummary.text(
            result, timing: RunTiming(wallSeconds: 1, events: result.events, peakResidentBytes: nil), directory: nil)
        #expect(terminal.contains("hybrid fabric: infiniband with RoCEv2's ECN marking"))
    }

    @Test("the README's --set fabric=roce on the htsim scenario gives RoCE: PFC, ECN and DCQCN, no credits check")
    func htsimScenarioAsRoCE() throws {
        let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/htsim-fattree-k12.yaml").path
        let infiniband = try ScenarioLoader.load(path: path)
        #expect(infiniband.model.network?.network.flowControl == .credits)
        let roce = try ScenarioLoader.load(
            path: path, overrides: ["fabric=roce", "topology.k=4", "traffic.bytes=100KB"])
        let network = try #require(roce.model.network)
        #expect(network.network.flowControl == .pfc)
        #expect(network.network.ecn != nil && network.network.congestionControl.name == "dcqcn")
        #expect(network.network.mtu == 4000 && network.network.headerBytes == 0)
        let result = ScenarioRunner(scenario: roce).run()
        #expect(!result.checks.contains { $0.name == "lossless under credits" })
        #expect(result.checks.contains { $0.name == "no PFC deadlock" })
        #expect(result.hybridFabric == nil)
    }
}
