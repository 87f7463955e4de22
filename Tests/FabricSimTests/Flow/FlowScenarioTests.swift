import FabricExport
import FabricMetrics
import FabricScenario
import Foundation
import Testing

/// `fidelity:` in scenarios and on the command line, what flow-mode results say about themselves, and the
/// cross-check of the two fidelities.
@Suite("Flow mode: scenarios, results and the cross-check", .serialized)
struct FlowScenarioTests {
    static var ncclTests: String {
        ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/nccl-tests-allreduce.yaml").path
    }
    static let reduced = ["topology.servers=2", "collective.max_bytes=4MiB"]

    @Test("fidelity: flow needs a network, and a misspelt fidelity is named with the choices")
    func badFidelity() {
        #expect {
            _ = try ScenarioLoader.load(text: "queueing:\n  arrival_rate: 1/us\n  service: [0.5us]\nfidelity: flow\n")
        } throws: { error in
            "\(error)".contains("fidelity") && "\(error)".contains("topology")
        }
        #expect {
            _ = try ScenarioLoader.load(path: Self.ncclTests, overrides: Self.reduced + ["fidelity=flwo"])
        } throws: { error in
            "\(error)".contains("fidelity") && "\(error)".contains("flow")
        }
    }

    @Test(
        "a 4,096-GPU job validates with halving-doubling across servers; a ring across 512 servers is refused as too many messages"
    )
    func transferEstimateFollowsTheInterServerAlgorithm() throws {
        let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent(
            "scenarios/training-512-infiniband.yaml"
        ).path
        let big = [
            "topology.servers=512", "topology.spines=32", "topology.parallel_links=1", "topology.radix=128",
            "workload.chunk_bytes=4MiB", "workload.stragglers=[]", "fidelity=flow",
        ]
        let scenario = try ScenarioLoader.load(path: path, overrides: big + ["workload.inter_server=halving-doubling"])
        guard case .training(let spec) = scenario.model else {
            Issue.record("not a training scenario")
            return
        }
        #expect(spec.job.allReduce.interServer == .halvingDoubling)
        #expect {
            _ = try ScenarioLoader.load(
                path: path, overrides: big + ["workload.inter_server=ring", "workload.chunk_bytes=1KiB"])
        } throws: { error in
            "\(error)".contains("transfers per step")
        }
    }

    @Test("a flow-mode run says so and marks what only packets measure as not available, not zero")
    func flowResultsSayWhatIsMissing() throws {
        let scenario = try ScenarioLoader.load(path: Self.ncclTests, overrides: Self.reduced + ["fidelity=flow"])
        let result = ScenarioRunner(scenario: scenario).run()
        #expect(result.allChecksPassed, "\(result.checks)")
        #expect(result.fidelity == "flow")
        #expect(result.notModelled.contains("queueing delay") && result.notModelled.contains("credit stalls"))
        #expect(result.metrics["pause_frames"] == .null)
        guard case .array(let ports)? = result.metrics["ports"], case .array(let sizes)? = result.metrics["nccl_tests"]
        else {
            Issue.record("no port or size table")
            return
        }
        #expect(!ports.isEmpty && ports.allSatisfy { $0["peak_queue_bytes"] == .null && $0["bytes"] != .null })
        #expect(sizes.allSatisfy { $0["packets_dropped"] == .null })
        let summary = JSONWriter.string(SummaryDocument.summary(result))
        #expect(summary.contains("\"fidelity\": \"flow\""))
        #expect(
            TerminalSummary.text(
                result, timing: RunTiming(wallSeconds: 1, events: 1, peakResidentBytes: nil), directory: nil
            )
            .contains("not modelled at this fidelity: queueing delay"))
        let packet = ScenarioRunner(scenario: try ScenarioLoader.load(path: Self.ncclTests, overrides: Self.reduced))
            .run()
        #expect(packet.fidelity == "packet" && packet.notModelled.isEmpty && packet.metrics["pause_frames"] != .null)
    }

    @Test("a training job in flow mode checks the fluid bytes it conserved, not packets it does not have")
    func trainingConservation() throws {
        let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml").path
        let overrides = [
            "workload.steps=2", "workload.gradient_bytes=4MB", "topology.servers_per_leaf=1", "topology.spines=2",
            "fidelity=flow",
        ]
        let result = ScenarioRunner(scenario: try ScenarioLoader.load(path: path, overrides: overrides)).run()
        let check = try #require(result.checks.first { $0.name == "fluid byte conservation in every step" })
        #expect(check.passed)
        // "injected X = drained X wire bytes over 2 steps", X > 0.
        let numbers = check.detail.split(separator: " ").compactMap { Int64($0) }
        #expect(numbers.count == 3 && numbers[0] > 0 && numbers[0] == numbers[1] && numbers[2] == 2, "\(check.detail)")
    }

    @Test("the cross-check compares every collective size: idle rails agree within 0.5 %")
    func crossCheckOfACollective() throws {
        let packet = ScenarioRunner(scenario: try ScenarioLoader.load(path: Self.ncclTests, overrides: Self.reduced))
            .run()
        let flow = ScenarioRunner(
            scenario: try ScenarioLoader.load(path: Self.ncclTests, overrides: Self.reduced + ["fidelity=flow"])
        ).run()
        let check = CrossCheck(packet: packet, flow: flow, packetWallSeconds: 1, flowWallSeconds: 1)
        let sizes = check.rows.filter { $0.metric.hasPrefix("time_us[") }
        #expect(sizes.map(\.metric) == ["time_us[1MiB]", "time_us[4MiB]"])
        for row in check.rows where row.metric.hasPrefix("time_us[") || row.metric == "largest_time_us" {
            #expect(abs(row.difference ?? 1) < 0.005, "\(row)")
        }
        #expect(check.csv.hasPrefix("metric,packet,flow,difference\n"))
    }

    @Test("fabricsim crosscheck prints the table and writes crosscheck.json and .csv; --fidelity is refused there")
    func crossCheckCommand() throws {
        let cli = CommandLineTests()
        let directory = try cli.temporaryDirectory()
        let outcome = try cli.fabricsim([
            "crosscheck", Self.ncclTests, "--set", "topology.servers=2", "--set", "collective.max_bytes=1MiB",
            "--out", directory.path,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("largest_time_us") && outcome.stdout.contains("difference"))
        for name in ["crosscheck.json", "crosscheck.csv"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path))
        }
        let refused = try cli.fabricsim(["crosscheck", Self.ncclTests, "--fidelity", "flow"])
        #expect(refused.status == 2 && refused.stderr.contains("--fidelity"))
    }
}
