import FabricExport
import FabricMetrics
import FabricScenario
import Testing

/// The checkpoint figures reach every result file, and a run repeats itself exactly.
@Suite struct CheckpointResultTests {
    static func run() throws -> RunResult {
        let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent(
            "scenarios/checkpoint-512-converged.yaml"
        ).path
        let scenario = try ScenarioLoader.load(path: path, overrides: BundledScenarioTests.checkpointReduction)
        return ScenarioRunner(scenario: scenario).run()
    }

    @Test func theCheckpointTablesAndGoodputReachTheCSVFilesAndTheReportTheSameEachRun() throws {
        let result = try Self.run()
        #expect(result.allChecksPassed, "\(result.checks)")
        #expect(try Self.run().metrics == result.metrics)
        let names = CSVTables.files(result).map(\.name)
        for table in ["checkpoints.csv", "checkpoint_servers.csv", "checkpoint_ports.csv", "goodput_sweep.csv"] {
            #expect(names.contains(table), "\(names)")
        }
        let metrics = try #require(CSVTables.files(result).first { $0.name == "metrics.csv" }?.contents)
        #expect(metrics.contains("checkpoint.write_time_mean_s,"))
        #expect(metrics.contains("goodput.young_interval_s,"))
        let html = HTMLReport.html(result)
        #expect(html.contains("checkpoint_servers"))
        #expect(html.contains("goodput_sweep"))
        #expect(html.contains("Wall time not kept (1 − goodput) against the checkpoint interval"))
        // The write time of the reduced run is media-bound: 64 MB over two servers at 20 GB/s, plus 50 µs.
        guard case .object(let checkpoint)? = result.metrics["checkpoint"] else {
            Issue.record("no checkpoint group")
            return
        }
        let write = try #require(checkpoint["write_time_mean_s"]?.doubleValue)
        #expect(abs(write - (64e6 / 40e9 + 50e-6)) / write < 0.02)
    }
}
