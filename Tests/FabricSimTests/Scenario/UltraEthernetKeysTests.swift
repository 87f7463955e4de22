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

    @Test("entropy-spray sprays over 256 entropies unless spray_entropies says; the key is refused without it")
    func entropySpray() throws {
        let sprayed = try #require(try keys.load("  load_balancing: entropy-spray\n  reorder_tolerant: true\n"))
        #expect(sprayed.loadBalancing == .entropySpray)
        #expect(sprayed.sprayEntropies == 256)
        #expect(try keys.load("  load_balancing: entropy-spray\n  spray_entropies: 16\n")?.sprayEntropies == 16)
        let ecmp = keys.diagnostics("  spray_entropies: 16\n")
        #expect(ecmp.map(\.path) == ["network.spray_entropies"])
        #expect(ecmp.first?.message.contains("load_balancing is ecmp") == true, "\(ecmp)")
        let range = keys.diagnostics("  load_balancing: entropy-spray\n  spray_entropies: 0\n")
        #expect(range.map(\.path) == ["network.spray_entropies"])
        let lines = ScenarioInfo.describe(
            try ScenarioLoader.load(
                text: text("  load_balancing: entropy-spray\n  spray_entropies: 64\n"), file: "net.yaml"))
        let facts = Dictionary(lines.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(facts["load balancing"] == "entropy-spray over 64 entropies per flow")
    }

    @Test("nscc runs UEC htsim's constants with ECN on; nscc_* keys override them and are refused elsewhere")
    func nscc() throws {
        let chosen = try #require(try keys.load("  congestion_control: nscc\n"))
        #expect(chosen.congestionControl == .nscc(.standard))
        #expect(chosen.ecn != nil)
        let tuned = try #require(
            try keys.load("  congestion_control: nscc\n  nscc_target_delay: 5us\n  nscc_gamma: 0.5\n  nscc_eta: 0\n"))
        var expected = NSCCConfig.standard
        expected.targetDelay = .microseconds(5)
        expected.gamma = 0.5
        expected.eta = 0
        #expect(tuned.congestionControl == .nscc(expected))
        let elsewhere = keys.diagnostics("  congestion_control: swift\n  nscc_gamma: 0.5\n")
        #expect(elsewhere.map(\.path) == ["network.nscc_gamma"])
        #expect(elsewhere.first?.message.contains("expected no nscc_gamma key, or congestion_control: nscc") == true)
        let dcqcn = keys.diagnostics("  congestion_control: nscc\n  dcqcn_g: 0.01\n")
        #expect(dcqcn.map(\.path) == ["network.dcqcn_g"])
        #expect(dcqcn.first?.message.contains("congestion_control is nscc") == true, "\(dcqcn)")
        #expect(try keys.load("  congestion_control: nscc\n", fabric: "infiniband")?.congestionControl.name == "nscc")
    }

    @Test("receiver_credits grants a BDP per receiver; receiver_credit_budget sets it and is refused without them")
    func receiverCredits() throws {
        #expect(try keys.load("")?.receiverCredits == nil)
        #expect(try keys.load("  receiver_credits: true\n")?.receiverCredits == .standard)
        #expect(
            try keys.load("  receiver_credits: true\n  receiver_credit_budget: 2\n")?.receiverCredits
                == ReceiverCreditConfig(budget: 2))
        let alone = keys.diagnostics("  receiver_credit_budget: 2\n")
        #expect(alone.map(\.path) == ["network.receiver_credit_budget"])
        #expect(
            alone.first?.message.contains("expected no receiver_credit_budget key, or receiver_credits: true") == true)
        let lines = ScenarioInfo.describe(
            try ScenarioLoader.load(text: text("  receiver_credits: true\n"), file: "net.yaml"))
        let facts = Dictionary(lines.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(facts["receiver credits"]?.hasPrefix("1 BDP + 4 packets in flight per receiver") == true, "\(facts)")
    }
}
