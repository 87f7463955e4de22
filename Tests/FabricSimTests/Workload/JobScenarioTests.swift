import FabricCollectives
import FabricKernel
import FabricMetrics
import FabricScenario
import FabricWorkload
import Testing

/// `collective:` and `workload:` beside `topology:`: reading, refusing, running.
@Suite("Scenario: collective and workload sections")
struct JobScenarioTests {
    static let rails = """
        name: job
        fabric: infiniband
        topology:
          shape: rail-optimized
          servers: 2
          gpus_per_server: 4
          spines: 1

        """

    static let workload =
        rails + """
            workload:
              steps: 3
              forward: 100us
              backward: 200us
              gradient_bytes: 2MiB
              buckets: 2
              algorithm: hierarchical
              stragglers:
                - rank: 6
                  factor: 1.5
            """

    static let collectiveSection = """
        collective:
          operation: all-reduce
          algorithm: hierarchical
          min_bytes: 1MiB
          max_bytes: 4MiB
        """

    static let collective = rails + collectiveSection

    func diagnostics(_ text: String, overrides: [String] = []) -> [ScenarioDiagnostic] {
        do {
            _ = try ScenarioLoader.load(text: text, file: "job.yaml", overrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test("a workload needs no traffic section; the model is named training, and it runs and passes its checks")
    func workloadRuns() throws {
        let scenario = try ScenarioLoader.load(text: Self.workload)
        #expect(scenario.model.name == "training")
        guard case .training(let spec) = scenario.model else {
            Issue.record("expected a training model")
            return
        }
        #expect(spec.job.stragglers == [Straggler(rank: 6, factor: 1.5)])
        #expect(spec.job.allReduce.algorithm == .hierarchical)
        let result = ScenarioRunner(scenario: scenario).run()
        #expect(result.allChecksPassed, "\(result.checks)")
        #expect(result.metrics["steps"] == .int(3))
        #expect(result.metrics["slowest_step_critical_rank"] == .int(6))
        // The episodes' events are the run's events.
        #expect(result.events > 1000)
        // The clock stands at the end of the last step.
        let mean = try #require(result.metrics["step_time_mean_ms"]?.doubleValue)
        #expect(abs(result.simulatedTime.seconds * 1e3 - 3 * mean) < 1e-6)
    }

    @Test("a collective sweep runs every size and reports nccl-tests' rows")
    func collectiveRuns() throws {
        let scenario = try ScenarioLoader.load(text: Self.collective)
        #expect(scenario.model.name == "collective")
        let result = ScenarioRunner(scenario: scenario).run()
        #expect(result.allChecksPassed, "\(result.checks)")
        guard case .array(let rows) = result.metrics["nccl_tests"] else {
            Issue.record("no nccl_tests rows")
            return
        }
        #expect(rows.map { $0["size_bytes"] } == [.int(1 << 20), .int(2 << 20), .int(4 << 20)])
        for row in rows {
            let algbw = try #require(row["algbw_gbps"]?.doubleValue)
            let busbw = try #require(row["busbw_gbps"]?.doubleValue)
            #expect(abs(busbw / algbw - 2.0 * 7 / 8) < 1e-9)
        }
    }

    @Test("info describes the job")
    func info() throws {
        let lines = ScenarioInfo.describe(try ScenarioLoader.load(text: Self.workload))
        let text = Dictionary(lines.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(text["job"] == "8 data-parallel ranks, 3 steps")
        #expect(text["straggler"] == "rank 6 × 1.5 from step 0")
        #expect(text["compute-only step"] == "450us without jitter")
        let collective = Dictionary(
            ScenarioInfo.describe(try ScenarioLoader.load(text: Self.collective)).map { ($0.label, $0.value) },
            uniquingKeysWith: { a, _ in a })
        #expect(collective["busbw factor"] == "1.75 × algbw")
    }

    @Test(
        "mistakes are reported at their key",
        arguments: [
            ("workload.stragglers=[{rank: 8, factor: 2}]", "workload.stragglers"),
            ("workload.ranks=6", "workload.algorithm"),
            ("workload.ranks=9", "workload.ranks"),
            ("workload.algorithm=direct", "workload.algorithm"),
            ("workload.jitter=gamma", "workload.jitter"),
        ])
    func mistakes(override: String, path: String) {
        let found = diagnostics(Self.workload, overrides: [override])
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.path == path, "\(found)")
    }

    @Test("traffic and a job together, or a collective and a workload together, are refused")
    func combinations() {
        let withTraffic = Self.workload + "\ntraffic:\n  pattern: permutation\n"
        #expect(diagnostics(withTraffic).contains { $0.path == "traffic" })
        let both = Self.workload + "\n" + Self.collectiveSection
        #expect(diagnostics(both).contains { $0.path == "workload" && $0.message.contains("only one") })
        let noTopology = "name: x\nworkload:\n  forward: 1ms\n  backward: 1ms\n  gradient_bytes: 1MB\n"
        #expect(diagnostics(noTopology).contains { $0.path == "workload" })
    }

    @Test("a background section beside a workload runs in every step; beside a collective sweep it is refused")
    func background() throws {
        let text = Self.workload + "\nbackground:\n  - kind: poisson\n    load: 0.5\n"
        let scenario = try ScenarioLoader.load(text: text)
        let result = ScenarioRunner(scenario: scenario).run()
        #expect(result.allChecksPassed, "\(result.checks)")
        #expect((result.metrics["background_flows"]?.doubleValue ?? 0) > 0)
        let lines = ScenarioInfo.describe(scenario).filter { $0.label == "background" }
        #expect(lines.count == 1 && lines[0].value.hasSuffix("in every step"))
        #expect(
            diagnostics(Self.collective + "\nbackground:\n  - kind: poisson\n").contains { $0.path == "background" })
    }

    @Test("a largest size below the smallest is refused at max_bytes")
    func sizesOutOfOrder() {
        let found = diagnostics(Self.collective, overrides: ["collective.max_bytes=512KiB"])
        #expect(found.first?.path == "collective.max_bytes")
    }
}
