import FabricKernel
import FabricNetwork
import FabricScenario
import FabricTransport
import Testing

/// `network.congestion_control` chooses the controller; each controller's keys count only under it, and a key
/// that contradicts the choice is refused where it is written, saying what was found and what is expected.
@Suite("Scenario: the congestion controller")
struct ControllerKeysTests {
    func load(_ network: String, fabric: String = "roce", overrides: [String] = []) throws(ScenarioError)
        -> NetworkConfig?
    {
        let text =
            NetworkScenarioTests.leafSpine.replacingOccurrences(of: "FABRIC", with: fabric)
            + (network.isEmpty ? "" : "\nnetwork:\n" + network)
        return try ScenarioLoader.load(text: text, file: "net.yaml", overrides: overrides).model.network?.network
    }

    func diagnostics(_ network: String, fabric: String = "roce") -> [ScenarioDiagnostic] {
        do {
            _ = try load(network, fabric: fabric)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test("hpcc runs the paper's parameters with ECN off by default; the hpcc_* keys and ecn override them")
    func hpccChosen() throws {
        let config = try #require(try load("  congestion_control: hpcc\n"))
        #expect(config.congestionControl == .hpcc(.paper))
        #expect(config.ecn == nil)
        let tuned = try #require(
            try load(
                "  congestion_control: hpcc\n  hpcc_target_utilisation: 0.9\n  hpcc_max_stage: 2\n"
                    + "  hpcc_additive_increase: 100Mb/s\n  hpcc_minimum_rate: 500Mb/s\n  ecn: true\n"))
        var expected = HPCCConfig.paper
        expected.targetUtilisation = 0.9
        expected.maxStage = 2
        expected.additiveIncrease = .megabitsPerSecond(100)
        expected.minimumRate = .megabitsPerSecond(500)
        #expect(tuned.congestionControl == .hpcc(expected))
        #expect(tuned.ecn != nil)
    }

    @Test(
        "hpcc's W_AI is the paper's B·(1 − η)/N by default, and hpcc_expected_flows: 125 gives the authors' run.py step of 10 Mb/s per 25 Gb/s"
    )
    func hpccAdditiveIncrease() throws {
        // run.py for --cc hp: RATE_AI = 10·bw/25 Mb/s, bw in Gb/s.
        let runPy = try #require(try load("  congestion_control: hpcc\n  hpcc_expected_flows: 125\n"))
        guard case .hpcc(let h) = runPy.congestionControl else {
            Issue.record("not hpcc")
            return
        }
        for gbps: Int64 in [100, 400, 800] {
            #expect(h.additiveIncrease(lineRate: .gigabitsPerSecond(gbps)) == .megabitsPerSecond(10 * gbps / 25))
        }
        // The default, N = 10 at η = 0.95: 0.5 % of the line rate.
        for gbps: Int64 in [100, 400, 800] {
            #expect(
                HPCCConfig.paper.additiveIncrease(lineRate: .gigabitsPerSecond(gbps))
                    == .megabitsPerSecond(gbps * 1_000 / 200))
        }
    }

    @Test(
        "without the key, dcqcn decides: the set for the link's rate under roce, none with dcqcn: off or infiniband"
    )
    func defaults() throws {
        #expect(try load("")?.congestionControl == .dcqcn(.perLinkRate))
        #expect(try load("")?.ecn == .perLinkRate)
        let paper = try #require(try load("  dcqcn: paper\n"))
        #expect(paper.congestionControl == .dcqcn(.paper))
        #expect(paper.ecn == .dcqcnPaper)
        #expect(try load("  dcqcn: off\n")?.congestionControl == CongestionControlConfig.none)
        #expect(try load("", fabric: "infiniband")?.congestionControl == CongestionControlConfig.none)
        #expect(try load("  congestion_control: none\n")?.congestionControl == CongestionControlConfig.none)
        #expect(try load("  congestion_control: dcqcn\n  dcqcn: connectx\n")?.congestionControl == .dcqcn(.connectX))
        #expect(try load("", overrides: ["network.congestion_control=hpcc"])?.congestionControl == .hpcc(.paper))
    }

    @Test("a key that contradicts the chosen controller is refused at its line, with what was found and expected")
    func contradictions() {
        let cases: [(network: String, key: String, says: String)] = [
            ("  congestion_control: hpcc\n  dcqcn_g: 0.01\n", "network.dcqcn_g", "congestion_control is hpcc"),
            ("  congestion_control: hpcc\n  dcqcn: paper\n", "network.dcqcn", "congestion_control is hpcc"),
            ("  hpcc_max_stage: 3\n", "network.hpcc_max_stage", "congestion_control is not written (so dcqcn)"),
            (
                "  congestion_control: dcqcn\n  hpcc_target_utilisation: 0.9\n", "network.hpcc_target_utilisation",
                "congestion_control is dcqcn"
            ),
            ("  congestion_control: dcqcn\n  dcqcn: off\n", "network.dcqcn", "expected rate, paper or connectx"),
            ("  congestion_control: none\n  dcqcn: connectx\n", "network.dcqcn", "expected dcqcn: off"),
            (
                "  congestion_control: none\n  dcqcn_rate_timer: 10us\n", "network.dcqcn_rate_timer",
                "congestion_control is none"
            ),
        ]
        for (network, key, says) in cases {
            let found = diagnostics(network)
            #expect(found.map(\.path) == [key], "\(network): \(found)")
            #expect(found.first?.message.contains(says) == true, "\(found)")
            #expect(found.first?.message.contains("expected") == true, "\(found)")
            // Reported at the offending key's own line (the second line under `network:`, line 15), or the first.
            #expect(found.first?.location != nil)
        }
    }

    @Test("hpcc under infiniband is refused at congestion_control unless the scenario is a hybrid")
    func hpccUnderInfiniband() throws {
        let found = diagnostics("  congestion_control: hpcc\n", fabric: "infiniband")
        #expect(found.map(\.path) == ["network.congestion_control"])
        #expect(found.first?.message.contains("expected congestion_control: none") == true, "\(found)")
        let hybrid = try load("  congestion_control: hpcc\n  hybrid: true\n", fabric: "infiniband")
        #expect(hybrid?.congestionControl == .hpcc(.paper))
    }
}

extension ControllerKeysTests {
    @Test("swift runs its standard parameters with ECN off by default; the swift_* keys override them")
    func swiftChosen() throws {
        let config = try #require(try load("  congestion_control: swift\n"))
        #expect(config.congestionControl == .swift(.standard))
        #expect(config.ecn == nil)
        let tuned = try #require(
            try load(
                "  congestion_control: swift\n  swift_base_target: 25us\n  swift_per_hop: 2us\n"
                    + "  swift_flow_scaling: 0us\n  swift_additive_increase: 2\n  swift_beta: 0.5\n"
                    + "  swift_maximum_decrease: 0.25\n"))
        var expected = SwiftCongestionConfig.standard
        expected.baseTarget = .microseconds(25)
        expected.perHop = .microseconds(2)
        expected.flowScalingRange = .zero
        expected.additiveIncrease = 2
        expected.beta = 0.5
        expected.maximumDecrease = 0.25
        #expect(tuned.congestionControl == .swift(expected))
    }

    @Test("swift's keys are refused under another controller, and DCQCN's under swift")
    func swiftContradictions() {
        let cases: [(network: String, key: String, says: String)] = [
            ("  swift_beta: 0.5\n", "network.swift_beta", "congestion_control is not written (so dcqcn)"),
            (
                "  congestion_control: hpcc\n  swift_per_hop: 1us\n", "network.swift_per_hop",
                "congestion_control is hpcc"
            ),
            ("  congestion_control: swift\n  dcqcn_g: 0.01\n", "network.dcqcn_g", "congestion_control is swift"),
            (
                "  congestion_control: swift\n  hpcc_max_stage: 2\n", "network.hpcc_max_stage",
                "congestion_control is swift"
            ),
            ("  congestion_control: swift\n  swift_beta: 2\n", "network.swift_beta", "found '2'"),
        ]
        for (network, key, says) in cases {
            let found = diagnostics(network)
            #expect(found.map(\.path) == [key], "\(network): \(found)")
            #expect(found.first?.message.contains(says) == true, "\(found)")
        }
    }

    @Test(
        "under the rate set, written ecn_* and dcqcn_* keys are fixed values over it; one threshold written beside one that follows the rate is refused"
    )
    func rateSetOverrides() throws {
        let tuned = try #require(
            try load(
                "  dcqcn_additive_increase: 40Mb/s\n  dcqcn_byte_counter: 10MB\n  dcqcn_clamp_target_rate: true\n"
                    + "  ecn_pmax: 0.05\n"))
        var expected = DCQCNConfig.perLinkRate
        expected.additiveIncrease = .fixed(.megabitsPerSecond(40))
        expected.byteCounter = ByteCount(10_000_000)
        expected.clampTargetRate = true
        #expect(tuned.congestionControl == .dcqcn(expected))
        var ecn = ECNConfig.perLinkRate
        ecn.pmax = 0.05
        #expect(tuned.ecn == ecn)
        let fixed = try #require(try load("  ecn_kmin: 50KB\n  ecn_kmax: 500KB\n"))
        #expect(fixed.ecn == ECNConfig(kmin: ByteCount(50_000), kmax: ByteCount(500_000), pmax: 0.2))
        // A written value replaces a paper-set value too.
        let paper = try #require(try load("  dcqcn: paper\n  ecn_kmax: 400KB\n"))
        #expect(paper.ecn == ECNConfig(kmin: ByteCount(5_000), kmax: ByteCount(400_000), pmax: 0.01))

        let found = diagnostics("  ecn_kmax: 300KB\n")
        #expect(found.map(\.path) == ["network.ecn_kmax"], "\(found)")
        #expect(found.first?.message.contains("ecn_kmin follows the port's rate") == true, "\(found)")
        #expect(found.first?.message.contains("expected ecn_kmin written too") == true, "\(found)")
        let crossed = diagnostics("  ecn_kmin: 300KB\n  ecn_kmax: 200KB\n")
        #expect(crossed.map(\.path) == ["network.ecn_kmax"], "\(crossed)")
    }
}
