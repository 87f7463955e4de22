import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricTransport
import Foundation
import Testing

/// A lossless fabric that loses a packet fails its run, and a sweep says so: exit 1, the point marked in the
/// table, the runs named.
@Suite("Failed checks: lossless fabrics and sweeps", .serialized)
struct SweepFailedCheckTests {
    let cli = CommandLineTests()

    @Test(
        "under PFC a headroom overrun or a full buffer fails 'lossless under PFC' with the causes; drops on failed links do not"
    )
    func losslessUnderPFC() throws {
        var counters = NetworkCounters()
        #expect(
            LossTally(counters).check(.pfc)
                == ResultCheck(
                    name: "lossless under PFC", passed: true,
                    detail: "0 packets dropped in lossless classes"))
        counters.dropsLinkDown = 4
        #expect(LossTally(counters).check(.pfc)?.passed == true)
        counters.dropsHeadroomOverrun = 1
        let failed = try #require(LossTally(counters).check(.pfc))
        #expect(!failed.passed && failed.failureExitCode == nil)
        #expect(
            failed.detail == "1 packets dropped in lossless classes (headroom overrun 1, buffer full 0); "
                + "4 more lost on failed links, which no flow control prevents")
        #expect(LossTally(counters).check(.credits)?.passed == true)
        #expect(LossTally(counters).check(.none) == nil)
        // Summed over episodes (a training job's steps).
        var tally = LossTally()
        tally.add(counters)
        tally.add(counters)
        #expect(tally.inLosslessClasses == 2 && tally.lostToFaults == 8)
    }

    @Test("a sweep whose runs fail a check exits 1, marks the point in its table and names the runs")
    func sweepFails() throws {
        let dir = try cli.temporaryDirectory()
        let ring = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/pfc-deadlock-ring.yaml").path
        let out = dir.appendingPathComponent("sweep")
        let sweep = try cli.fabricsim([
            "sweep", ring, "--vary", "network.pfc_deadlock_timeout=300us,500us", "--out", out.path,
        ])
        #expect(sweep.status == 1, "\(sweep.stderr)")
        #expect(sweep.stdout.contains("✗ failed"))
        #expect(sweep.stderr.contains("2 of 2 runs failed a check"))
        let csv = try String(contentsOf: out.appendingPathComponent("sweep.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",false,") })
    }
}
