import FabricExport
import FabricMetrics
import FabricScenario
import Foundation
import Testing

/// A scenario names the figures its question is about; they lead the sweep's table, `compare` and the summary.
@Suite("Headline metrics", .serialized)
struct HeadlineMetricsTests {
    let cli = CommandLineTests()

    /// The top-level scalars a run reports, as headline figures may name them.
    static func figures(_ result: RunResult) -> [String] {
        result.metrics.entries.compactMap { key, value in
            switch value {
            case .int, .double, .string, .bool, .null: key.hasPrefix("theory_") ? nil : key
            default: nil
            }
        }
    }

    @Test(
        "each model's list of figures is exactly what the bundled scenarios report (both fidelities), no more, no less")
    func catalogueMatchesRuns() throws {
        var reported: [String: Set<String>] = [:]
        var runs: [(file: String, overrides: [String])] = BundledScenarioTests.files.map {
            ($0, BundledScenarioTests.reductions[$0] ?? [])
        }
        runs.append(("ecmp-collisions.yaml", ["fidelity=flow"]))
        for (file, overrides) in runs {
            let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/\(file)").path
            let scenario = try ScenarioLoader.load(path: path, overrides: overrides)
            let result = ScenarioRunner(scenario: scenario).run()
            let names = Self.figures(result)
            let known = HeadlineMetrics.names(model: result.model)
            for name in names {
                #expect(known.contains(name), "\(file): \(result.model) reports \(name), missing from its list")
            }
            reported[result.model, default: []].formUnion(names)
        }
        for (model, names) in reported {
            let stale = HeadlineMetrics.names(model: model).filter { !names.contains($0) }
            #expect(stale.isEmpty, "\(model): listed but reported by no bundled scenario: \(stale)")
        }
    }

    @Test("a misspelt headline figure is refused where it is written, with the nearest figure; a repeated one too")
    func refused() {
        let text = """
            name: net
            fabric: infiniband
            topology: {shape: leaf-spine, leaves: 2, spines: 2, servers_per_leaf: 2, gpus_per_server: 1, nics_per_server: 1}
            traffic: {pattern: permutation, bytes: 100KB}
            output:
              metrics: [fct_p99_us, pause_frame, fct_p99_us]
            """
        do {
            _ = try ScenarioLoader.load(text: text, file: "net.yaml")
            Issue.record("accepted")
        } catch {
            let messages = error.diagnostics.map(\.description)
            #expect(
                messages.contains {
                    $0.hasPrefix("net.yaml:6:") && $0.contains("output.metrics")
                        && $0.contains("did you mean 'pause_frames'")
                })
            #expect(messages.contains { $0.contains("'fct_p99_us' is named twice") })
        }
    }

    @Test("--metrics leads the run's summary, names the sweep's columns and compare's first rows; a wrong one exits 2")
    func commandLine() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(ResultCommandTests.network, to: "net.yaml", in: dir)
        let run = try cli.fabricsim([
            "run", scenario, "--out", dir.appendingPathComponent("a").path, "--format", "json",
            "--metrics", "packet_hops,fct_p99_us",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\nheadline: packet_hops ") && run.stdout.contains(" · fct_p99_us "))
        let wrong = try cli.fabricsim([
            "run", scenario, "--out", dir.appendingPathComponent("b").path, "--metrics", "fct_p99_su",
        ])
        #expect(wrong.status == 2 && wrong.stderr.contains("did you mean 'fct_p99_us'"), "\(wrong.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b").path))

        let sweep = try cli.fabricsim([
            "sweep", scenario, "--vary", "traffic.bytes=50KB,100KB", "--out", dir.appendingPathComponent("s").path,
            "--format", "json", "--metrics", "packet_hops,pause_frames",
        ])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let header = try #require(sweep.stdout.split(separator: "\n").first { $0.hasPrefix("point ") })
        #expect(
            header.split(separator: " ").map(String.init) == ["point", "traffic.bytes", "packet_hops", "pause_frames"])

        let base = dir.appendingPathComponent("a").path
        let compare = try cli.fabricsim(["compare", base, base, "--metrics", "pause_frames"])
        #expect(compare.status == 0, "\(compare.stderr)")
        let rows = compare.stdout.split(separator: "\n")
        let first = try #require(rows.firstIndex { $0.hasPrefix("metric ") })
        #expect(rows[first + 1].hasPrefix("pause_frames ") && rows[first + 1].hasSuffix("same"))
        let typo = try cli.fabricsim(["compare", base, base, "--metrics", "pause_frame"])
        #expect(typo.status == 2 && typo.stderr.contains("did you mean 'pause_frames'"))
    }
}
