import FabricKernel
import FabricNetwork
import FabricScenario
import FabricTransport
import Testing

/// `network.profile` sets a group of keys; each may still be written, the written value winning; the profile is
/// named wherever the network is described.
@Suite("Scenario: network profiles")
struct NetworkProfileTests {
    func scenario(_ network: String, fabric: String = "roce", overrides: [String] = []) throws(ScenarioError)
        -> NetworkScenario?
    {
        let text =
            NetworkScenarioTests.leafSpine.replacingOccurrences(of: "FABRIC", with: fabric)
            + (network.isEmpty ? "" : "\nnetwork:\n" + network)
        return try ScenarioLoader.load(text: text, file: "net.yaml", overrides: overrides).model.network
    }

    func diagnostics(_ network: String, fabric: String = "roce") -> [ScenarioDiagnostic] {
        do {
            _ = try scenario(network, fabric: fabric)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test(
        "every profile gives exactly the network its keys give when written by hand", arguments: NetworkProfile.allCases
    )
    func profileIsItsKeys(_ profile: NetworkProfile) throws {
        let byProfile = try #require(try scenario("  profile: \(profile.rawValue)\n"))
        let written = profile.keys.map { "  \($0.key): \($0.value)\n" }.joined()
        let byHand = try #require(try scenario(written))
        #expect(byProfile.network == byHand.network)
        #expect(byProfile.profile == profile.rawValue)
        #expect(byHand.profile == nil)
        // And the profile changes something: no profile is the RoCEv2 default network.
        let plain = try #require(try scenario(""))
        if profile != .dcqcn { #expect(byProfile.network != plain.network) }
    }

    @Test("meta: PFC, no end-to-end controller, four queue pairs in turn, receivers admitting four messages")
    func meta() throws {
        let network = try #require(try scenario("  profile: meta\n")).network
        #expect(network.flowControl == .pfc)
        #expect(network.ecn == nil)
        #expect(network.congestionControl == CongestionControlConfig.none)
        #expect(network.loadBalancing == .ecmp)
        #expect(network.connections == ConnectionConfig(queuePairs: 4, queuePairUse: .roundRobin, admission: 4))
    }

    @Test("spectrum-x: adaptive routing with reordering receivers, HPCC's window, ECN off")
    func spectrumX() throws {
        let network = try #require(try scenario("  profile: spectrum-x\n")).network
        #expect(network.loadBalancing == .adaptive)
        #expect(network.receiver == .selective)
        #expect(network.congestionControl == .hpcc(.paper))
        #expect(network.ecn == nil)
    }

    @Test("uec: lossy with trimming, entropy spraying, reordering receivers, NSCC on ECN, receiver credits")
    func uec() throws {
        let network = try #require(try scenario("  profile: uec\n")).network
        #expect(network.flowControl == .none)
        #expect(network.trimming)
        #expect(network.loadBalancing == .entropySpray)
        #expect(network.sprayEntropies == 256)
        #expect(network.receiver == .selective)
        #expect(network.congestionControl == .nscc(.standard))
        #expect(network.receiverCredits == .standard)
        #expect(network.ecn == ECNConfig(kmin: ByteCount(30_000), kmax: ByteCount(120_000), pmax: 1))
        // Overridable key by key, as every profile: drops instead of trims, a controller's own key.
        let overridden = try #require(
            try scenario("  profile: uec\n  trimming: false\n  nscc_gamma: 0.5\n  spray_entropies: 32\n"))
        #expect(!overridden.network.trimming)
        #expect(overridden.network.sprayEntropies == 32)
        #expect(overridden.profile == "uec, with trimming written over")
        // Refused where the profile's choices make a key meaningless.
        let pfc = diagnostics("  profile: uec\n  flow_control: pfc\n")
        #expect(pfc.map(\.path) == ["network.trimming"], "\(pfc)")
        let swift = diagnostics("  profile: uec\n  congestion_control: swift\n  nscc_eta: 0\n")
        #expect(swift.map(\.path) == ["network.nscc_eta"], "\(swift)")
    }

    @Test("a key written beside the profile wins, in the file or on the command line, and the results say so")
    func overrides() throws {
        let written = try #require(try scenario("  profile: meta\n  queue_pairs: 8\n"))
        #expect(written.network.connections.queuePairs == 8)
        #expect(written.network.connections.admission == 4)
        #expect(written.profile == "meta, with queue_pairs written over")
        let set = try #require(
            try scenario("", overrides: ["network.profile=swift", "network.swift_base_target=20us"]))
        var expected = SwiftCongestionConfig.standard
        expected.baseTarget = .microseconds(20)
        #expect(set.network.congestionControl == .swift(expected))
        let controller = try #require(
            try scenario("  profile: hpcc\n  congestion_control: dcqcn\n  ecn: true\n"))
        #expect(controller.network.congestionControl.name == "dcqcn")
        #expect(controller.profile == "hpcc, with ecn, congestion_control written over")
    }

    @Test("a misspelt profile, a profile under infiniband and a key its controller refuses are errors at their keys")
    func errors() {
        let misspelt = diagnostics("  profile: metta\n")
        #expect(misspelt.map(\.path) == ["network.profile"])
        #expect(misspelt.first?.message.contains("did you mean 'meta'") == true, "\(misspelt)")
        let infiniband = diagnostics("  profile: hpcc\n", fabric: "infiniband")
        #expect(infiniband.map(\.path) == ["network.profile"])
        #expect(infiniband.first?.message.contains("expected no profile under infiniband") == true, "\(infiniband)")
        let contradicted = diagnostics("  profile: hpcc\n  dcqcn_g: 0.01\n")
        #expect(contradicted.map(\.path) == ["network.dcqcn_g"])
        #expect(contradicted.first?.message.contains("congestion_control is hpcc") == true, "\(contradicted)")
    }

    @Test("info names the profile, the controller and the connections")
    func info() throws {
        let text =
            NetworkScenarioTests.leafSpine.replacingOccurrences(of: "FABRIC", with: "roce")
            + "\nnetwork:\n  profile: meta\n  queue_pairs: 2\n"
        let lines = ScenarioInfo.describe(try ScenarioLoader.load(text: text, file: "net.yaml"))
        let facts = Dictionary(lines.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(facts["network profile"] == "meta, with queue_pairs written over")
        #expect(facts["congestion control"] == "none")
        #expect(
            facts["connections"] == "2 queue pairs per connection, round-robin; receivers admit 4 messages at a time")
    }
}
