import FabricKernel
import Foundation
import Testing

/// SIGINT and SIGTERM stop every model at once, training steps and collective sizes included, with the exit
/// code that names the signal, and leave no result file behind. "At once" is judged by what was simulated when
/// the run stopped against a lower bound of the run's natural end, never by the wall clock.
@Suite("fabricsim interrupted", .serialized)
struct InterruptTests {
    let cli = CommandLineTests()

    /// A long run of every model, and a lower bound of the simulated time at which it would end by itself.
    static let models: [(name: String, yaml: String, naturalEnd: SimTime)] = [
        // 100,000 steps of at least 300 µs of compute each.
        (
            "training",
            """
            name: long-training
            fabric: infiniband
            topology: {shape: rail-optimized, servers: 2, gpus_per_server: 4, spines: 1}
            workload: {steps: 100000, forward: 100us, backward: 200us, gradient_bytes: 2MiB, buckets: 2, algorithm: hierarchical}
            """, .seconds(30)
        ),
        // Sizes 1 to 16 GiB: each must cross into a server through its four 400 Gb/s NICs, ≥ S × 8 / 1.6 Tb/s.
        (
            "collective",
            """
            name: long-collective
            fabric: infiniband
            topology: {shape: rail-optimized, servers: 2, gpus_per_server: 4, spines: 1, host_link_rate: 400Gbps}
            collective: {operation: all-reduce, algorithm: ring, min_bytes: 1GiB, max_bytes: 16GiB}
            """, .milliseconds(166)
        ),
        // 100,000 steps of 200 µs of compute, a checkpoint after each.
        (
            "checkpoint", CheckpointScenarioTests.base.replacingOccurrences(of: "steps: 2", with: "steps: 100000"),
            .seconds(20)
        ),
        // Eight flows of 10 GB, each on a 400 Gb/s NIC: 0.2 s each at line rate.
        (
            "network",
            """
            name: long-network
            fabric: infiniband
            topology: {shape: leaf-spine, leaves: 2, spines: 2, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1, host_link_rate: 400Gbps}
            traffic: {pattern: permutation, bytes: 10GB}
            """, .milliseconds(200)
        ),
        // A billion customers arriving 2 µs apart on average.
        (
            "queueing",
            """
            name: long-queue
            queueing: {interarrival: 2us, service: 1us, customers: 1000000000, warmup_customers: 1000}
            """, .seconds(1000)
        ),
        (
            "phold",
            """
            name: long-phold
            phold: {entities: 1024, population: 10000}
            stop: {time: 1000s}
            """, .seconds(1000)
        ),
    ]

    /// The simulated time the tool says it stopped at ("interrupted by SIGINT at simulated time 3.2ms after ...").
    func stoppedAt(_ stderr: String) -> SimTime? {
        guard let start = stderr.range(of: "at simulated time "),
            let end = stderr.range(of: " after ", range: start.upperBound..<stderr.endIndex)
        else { return nil }
        return SimTime(String(stderr[start.upperBound..<end.lowerBound]))
    }

    func check(_ model: String, signal: Int32, code: Int32, name: String) throws {
        let (_, yaml, naturalEnd) = try #require(Self.models.first { $0.name == model })
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(yaml, to: "\(model).yaml", in: dir)
        let out = dir.appendingPathComponent("out")
        let outcome = try cli.interrupted(["run", scenario, "--out", out.path], signal: signal)
        #expect(outcome.status == code, "\(model): \(outcome.stderr)")
        #expect(
            outcome.stderr.contains("interrupted by \(name)") && outcome.stderr.contains("no results were written"),
            "\(outcome.stderr)")
        let stopped = try #require(stoppedAt(outcome.stderr), "\(outcome.stderr)")
        #expect(stopped > .zero && stopped.rawValue < naturalEnd.rawValue / 4, "\(model) stopped at \(stopped)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "\(model)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!left.contains { $0.contains(".tmp") || $0.hasPrefix(".out") }, "\(left)")
    }

    @Test(
        "SIGINT stops every model inside its step, size or episode: exit 130, no files", arguments: models.map(\.name))
    func sigint(model: String) throws {
        try check(model, signal: SIGINT, code: 130, name: "SIGINT")
    }

    @Test("SIGTERM stops a run as SIGINT does, with exit 143", arguments: ["training", "network"])
    func sigterm(model: String) throws {
        try check(model, signal: SIGTERM, code: 143, name: "SIGTERM")
    }

    @Test(
        "SIGTERM stops a sweep of training runs inside their steps: exit 143, no summary, no run folder, no temporary")
    func sweep() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(Self.models[0].yaml, to: "training.yaml", in: dir)
        let out = dir.appendingPathComponent("out")
        let outcome = try cli.interrupted(
            [
                "sweep", scenario, "--vary", "workload.buckets=1,2", "--seeds", "2", "--jobs", "2",
                "--out", out.path,
            ], signal: SIGTERM)
        #expect(outcome.status == 143, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("interrupted by SIGTERM: 0 of 4 runs finished"), "\(outcome.stderr)")
        let left = FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []
        #expect(
            !left.contains { $0.contains("sweep.") || $0.contains(".tmp") || $0.hasSuffix("summary.json") }, "\(left)")
    }
}
