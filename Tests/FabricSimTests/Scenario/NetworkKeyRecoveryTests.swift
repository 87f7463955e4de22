import FabricScenario
import Testing

/// A refused or invalid key of `network:` is reported, and reading goes on: the keys after it are still read and
/// judged, so that each problem of the file is reported once and no valid key is reported as unknown.
@Suite("Scenario: network keys after a refused one")
struct NetworkKeyRecoveryTests {
    let keys = ControllerKeysTests()

    /// Keys read after every case's first key: `hybrid: false` is valid (read last of all), `ecn_pmax: 2` is out of
    /// its range 0...1 (read with the congestion keys).
    static let later = "  ecn_pmax: 2\n  hybrid: false\n"

    /// (keys written before `later`, fabric, the paths of the diagnostics expected besides `network.ecn_pmax`)
    static let cases: [(String, String, [String])] = [
        // A profile that does not parse, or one under infiniband: nothing after it used to be read.
        ("  profile: metta\n  mtu: 4096\n", "roce", ["network.profile"]),
        ("  profile: hpcc\n  mtu: 4096\n", "infiniband", ["network.profile"]),
        // An invalid value of a key of the section, of an optional key, of a connection key: the connection,
        // congestion or hybrid keys after it used to go unread.
        ("  mtu: 10\n  queue_pairs: 2\n", "roce", ["network.mtu"]),
        ("  trimming: maybe\n  queue_pairs: 2\n", "roce", ["network.trimming"]),
        ("  queue_pairs: 0\n", "roce", ["network.queue_pairs"]),
        // An invalid DCQCN set: the ECN, DCQCN and controller keys after it used to go unread.
        ("  dcqcn: papr\n  dcqcn_g: 0.5\n", "roce", ["network.dcqcn"]),
        // An invalid controller: its keys were refused as if none was written ("not written (so dcqcn)").
        ("  congestion_control: hpx\n  hpcc_max_stage: 2\n", "roce", ["network.congestion_control"]),
        // An invalid receiver_credits: its budget was refused as if receiver_credits were false.
        ("  receiver_credits: maybe\n  receiver_credit_budget: 2\n", "roce", ["network.receiver_credits"]),
        // A refused combination: the check of the fabric's mechanisms after it used to be skipped.
        (
            "  spray_entropies: 16\n  flow_control: credits\n", "roce",
            ["network.spray_entropies", "network.flow_control"]
        ),
        // A mechanism of the other fabric: the credit buffer's check after it used to be skipped.
        (
            "  flow_control: credits\n  mtu: 9000\n  credit_buffer: 8KiB\n", "roce",
            ["network.flow_control", "network.credit_buffer"]
        ),
    ]

    @Test(
        "the refused key and the later invalid one are each reported once; the later valid keys are known",
        arguments: cases)
    func reportsEachProblemOnce(_ written: String, fabric: String, expected: [String]) {
        let found = keys.diagnostics(written + Self.later, fabric: fabric)
        #expect(found.map(\.path).sorted() == (expected + ["network.ecn_pmax"]).sorted(), "\(found)")
        #expect(!found.contains { $0.message.contains("is not a key") }, "\(found)")
        #expect(!found.contains { $0.message.contains("not written") }, "\(found)")
        let range = found.first { $0.path == "network.ecn_pmax" }
        #expect(range?.message.contains("expected") == true, "\(found)")
    }

    @Test("the same keys without the refused one read as a network")
    func laterKeysAreValid() throws {
        #expect(try keys.load("  mtu: 4096\n  queue_pairs: 2\n  dcqcn_g: 0.5\n  hybrid: false\n") != nil)
    }
}
