import FabricScenario
import Foundation
import Testing

/// Every bundled scenario runs, in a reduced form, so that none of them rots.
@Suite("Bundled scenarios run")
struct BundledScenarioTests {
    /// How each bundled scenario is cut down for the test suite. A new scenario must be added here.
    static let reductions: [String: [String]] = [
        "quickstart.yaml": [
            "workload.steps=3", "workload.gradient_bytes=4MB", "topology.servers_per_leaf=1", "topology.spines=2",
            "topology.parallel_links=1",
        ],
        "mm1.yaml": ["queueing.customers=5000", "queueing.warmup_customers=100"],
        "mm1-heavy-load.yaml": ["queueing.customers=5000", "queueing.warmup_customers=100"],
        "tandem.yaml": ["queueing.customers=5000"],
        "phold.yaml": ["stop.events=50000"],
        "htsim-fattree-k12.yaml": ["topology.k=4", "traffic.bytes=200KB"],
        "pfc-deadlock-ring.yaml": [],
        "nccl-tests-allreduce.yaml": ["topology.servers=2", "collective.max_bytes=1MiB"],
        "training-512-infiniband.yaml": [
            "topology.servers=2", "topology.servers_per_rail_leaf=1", "topology.spines=2", "workload.steps=3",
            "workload.gradient_bytes=2MB", "workload.stragglers=[{rank: 5, factor: 1.5, probability: 0.5}]",
        ],
        "training-512-roce.yaml": [
            "topology.servers=2", "topology.servers_per_rail_leaf=1", "topology.spines=2", "workload.steps=3",
            "workload.gradient_bytes=2MB", "workload.stragglers=[{rank: 5, factor: 1.5, probability: 0.5}]",
        ],
        "roce-profiles.yaml": [
            "topology.servers=2", "topology.servers_per_rail_leaf=1", "topology.spines=2", "workload.steps=3",
            "workload.gradient_bytes=2MB",
            "background=[{kind: incast-storm, receiver: 0, senders: 4, bytes: 256KB, period: 1ms, count: 20}]",
        ],
        "checkpoint-512-converged.yaml": checkpointReduction,
        "checkpoint-512-separate.yaml": checkpointReduction,
        "websearch-30.yaml": ["stop.time=2ms"],
        "hpcc-paper-fabric.yaml": [
            "topology.pods=2", "topology.servers_per_leaf=2", "topology.cores=4",
            "background=[{kind: poisson, load: 0.3, sizes: websearch, stop: 200us}]",
        ],
        "microbursts.yaml": ["stop.time=1ms"],
        "incast-profiles.yaml": ["topology.leaves=2", "traffic.senders=7", "traffic.bytes=200KB"],
        "ecmp-collisions.yaml": [
            "topology.leaves=2", "topology.spines=2", "topology.servers_per_leaf=2", "traffic.bytes=200KB",
        ],
        "straggler.yaml": [
            "topology.servers_per_leaf=1", "topology.spines=2", "topology.parallel_links=1", "workload.steps=3",
            "workload.gradient_bytes=2MB", "workload.stragglers=[{rank: 9, factor: 1.5, first_step: 1}]",
        ],
        "link-failure.yaml": [
            "topology.servers_per_leaf=1", "topology.spines=2", "topology.parallel_links=1", "workload.steps=6",
            "workload.forward=100us", "workload.backward=200us", "workload.gradient_bytes=2MB",
            "faults=[{switch: spine1, at: 500us, until: 1ms}, {link: server1.nic2-leaf1, at: 1200us, degrade_to: 100G}]",
        ],
        "incast-congestion-spreading.yaml": [
            "background=[{kind: incast-storm, receiver: 31, senders: 6, bytes: 1MB, period: 200us, count: 3}]",
            "traffic.flows=[{source: 6, destination: 16, bytes: 200KB, start: 300us}]",
        ],
        "oversubscription.yaml": [
            "topology.leaves=2", "topology.servers_per_leaf=1", "topology.spines=1", "workload.steps=3",
            "workload.gradient_bytes=2MB",
        ],
    ]

    /// Two single-server leaves, 4 steps, a 64 MB checkpoint after steps 1 and 3 on two storage servers.
    static let checkpointReduction = [
        "topology.leaves=2", "topology.servers_per_leaf=1", "topology.spines=2", "workload.steps=4",
        "workload.gradient_bytes=2MB",
        "checkpoint.parameters=4e6", "checkpoint.every_steps=2", "storage.servers=2", "storage.stripe_count=2",
        "failures.simulated_failures=1000",
    ]

    /// Scenarios that demonstrate a failure, and the check they must fail.
    static let expectedFailures: [String: String] = [
        "pfc-deadlock-ring.yaml": "no PFC deadlock"
    ]

    static var files: [String] {
        let directory = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasSuffix(".yaml")
        }.sorted()
    }

    @Test("every bundled scenario has a reduced form here")
    func everyScenarioCovered() {
        // And the other way round, so that a wrong directory (no files, nothing run) fails here.
        for name in Self.reductions.keys.sorted() {
            #expect(Self.files.contains(name), "scenarios/\(name) is not there")
        }
        for file in Self.files { #expect(Self.reductions[file] != nil, "add a reduction for scenarios/\(file)") }
    }

    /// The lossless scenarios run in full, as a user runs them: PFC's headroom is sized for what arrives after a
    /// pause (its closed form, PFCHeadroomTests), so no packet of a lossless class may be dropped — whatever the
    /// dynamic threshold did between pauses. Both once dropped packets: a pause lifted with bytes still counted in
    /// the headroom left the next pause less than its share.
    @Test(
        "PFC scenarios as bundled drop nothing in a lossless class",
        arguments: ["incast-congestion-spreading.yaml", "microbursts.yaml"])
    func losslessInFull(file: String) throws {
        let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/\(file)").path
        let result = ScenarioRunner(scenario: try ScenarioLoader.load(path: path)).run()
        let lossless = result.checks.filter { $0.name == "lossless under PFC" }
        #expect(lossless.count == 1 && lossless.allSatisfy(\.passed), "\(lossless)")
        #expect(result.allChecksPassed, "\(result.checks)")
    }

    @Test("each bundled scenario runs in reduced form and passes its checks", arguments: files)
    func runsReduced(file: String) throws {
        let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/\(file)").path
        let scenario = try ScenarioLoader.load(path: path, overrides: Self.reductions[file] ?? [])
        let result = ScenarioRunner(scenario: scenario).run()
        // The estimate `info` prints: exact for the reference models (events are counted, not guessed); for the
        // networks within the band docs/estimates.md reports (0.3× to 7.8× on these reduced runs). A deadlock ends
        // its run early by design.
        let ratio = ScenarioEstimate(scenario).events / Double(result.events)
        switch scenario.model {
        case .queueing, .phold: #expect(abs(ratio - 1) < 0.01, "estimated/actual events \(ratio)")
        default:
            if Self.expectedFailures[file] == nil {
                #expect(ratio > 0.25 && ratio < 10, "estimated/actual events \(ratio)")
            }
        }
        if let failing = Self.expectedFailures[file] {
            #expect(result.checks.filter { !$0.passed }.map(\.name) == [failing], "\(result.checks)")
        } else {
            #expect(result.allChecksPassed, "\(result.checks)")
        }
        #expect(result.events > 0)
    }
}
