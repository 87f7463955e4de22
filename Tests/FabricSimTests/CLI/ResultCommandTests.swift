import FabricExport
import FabricMetrics
import Foundation
import Testing

/// `fabricsim run --format/--fingerprint`, `fabricsim compare`, and what an interrupted run leaves behind.
@Suite("fabricsim results and compare", .serialized)
struct ResultCommandTests {
    let cli = CommandLineTests()

    static let network = """
        name: net
        fabric: infiniband
        topology: {shape: leaf-spine, leaves: 2, spines: 2, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1}
        traffic: {pattern: permutation, bytes: 100KB}
        """

    func contents(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test("--format chooses the files; the scenario's output.formats is the default")
    func formats() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(Self.network, to: "net.yaml", in: dir)
        let a = try cli.fabricsim([
            "run", scenario, "--out", dir.appendingPathComponent("a").path, "--quiet", "--format", "trace,json",
        ])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(try contents(dir.appendingPathComponent("a")) == ["summary.json", "timing.json", "trace.json"])
        let b = try cli.fabricsim([
            "run", scenario, "--out", dir.appendingPathComponent("b").path, "--quiet",
            "--set", "output.formats=[csv]",
        ])
        #expect(b.status == 0, "\(b.stderr)")
        let csv = try contents(dir.appendingPathComponent("b"))
        #expect(csv.allSatisfy { $0.hasSuffix(".csv") })
        #expect(Set(["metrics.csv", "ports.csv", "series.csv"]).isSubset(of: csv))
        let bad = try cli.fabricsim(["run", scenario, "--out", dir.appendingPathComponent("c").path, "--format", "pdf"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'pdf'") && bad.stderr.contains("json, csv, trace, html"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("c").path))
    }

    @Test("--fingerprint prints the event-stream hash and stores it: equal for a seed, different for another")
    func fingerprint() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(Self.network, to: "net.yaml", in: dir)
        var printed: [String] = []
        for (out, seed) in [("a", "1"), ("b", "1"), ("c", "2")] {
            let run = try cli.fabricsim([
                "run", scenario, "--seed", seed, "--fingerprint", "--quiet", "--format", "json",
                "--out", dir.appendingPathComponent(out).path,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            printed.append(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            let summary = try JSONReader.parse(
                String(contentsOf: dir.appendingPathComponent("\(out)/summary.json"), encoding: .utf8))
            #expect(summary["run"]?["fingerprint"] == .string(String(printed.last!.dropFirst("fingerprint ".count))))
        }
        #expect(printed[0].hasPrefix("fingerprint ") && printed[0].count == "fingerprint ".count + 16)
        #expect(printed[0] == printed[1])
        #expect(printed[0] != printed[2])
    }

    @Test("compare exits 0 on identical results and 1 naming the metric when a P99 regresses beyond tolerance")
    func compare() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(Self.network, to: "net.yaml", in: dir)
        for (out, extra) in [("base", [String]()), ("same", []), ("slow", ["--set", "topology.fabric_link_rate=40G"])] {
            let run = try cli.fabricsim(
                ["run", scenario, "--quiet", "--format", "json", "--out", dir.appendingPathComponent(out).path] + extra)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let base = dir.appendingPathComponent("base").path
        let same = try cli.fabricsim(["compare", base, dir.appendingPathComponent("same/summary.json").path])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.contains("same") && !same.stdout.contains("worse"))

        let slow = try cli.fabricsim(["compare", base, dir.appendingPathComponent("slow").path])
        #expect(slow.status == 1)
        #expect(slow.stderr.contains("regression: fct_p99_us"))
        #expect(slow.stdout.contains("fct_p99_us"))

        // Tolerances: wide enough for everything, or the one metric ignored while the others still fail.
        let wide = try cli.fabricsim(["compare", base, dir.appendingPathComponent("slow").path, "--tolerance", "1000%"])
        #expect(wide.status == 0, "\(wide.stderr)")
        let rules = try cli.write("# CI tolerances\nfct_*: ignore\n", to: "tolerances.txt", in: dir)
        let filed = try cli.fabricsim(["compare", base, dir.appendingPathComponent("slow").path, "--tolerances", rules])
        #expect(!filed.stderr.contains("regression: fct_p99_us"))
        let overridden = try cli.fabricsim([
            "compare", base, dir.appendingPathComponent("slow").path, "--tolerances", rules,
            "--tolerance-for", "fct_p99_us=1%",
        ])
        #expect(overridden.stderr.contains("regression: fct_p99_us"))

        let missing = try cli.fabricsim(["compare", base, dir.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2)
        let badRule = try cli.fabricsim(["compare", base, base, "--tolerance-for", "fct_p99_us=lots"])
        #expect(badRule.status == 2)
        #expect(badRule.stderr.contains("'lots'"))
    }

    @Test("SIGINT stops a long run with exit code 130, says so, and writes no result file")
    func interrupt() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(
            """
            name: endless
            phold: {entities: 1024, population: 10000}
            """, to: "endless.yaml", in: dir)
        let out = dir.appendingPathComponent("out")
        let outcome = try cli.interrupted(["run", scenario, "--out", out.path])
        #expect(outcome.status == 130)
        #expect(outcome.stderr.contains("interrupted") && outcome.stderr.contains("no results were written"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("compare reads both metric directions: a throughput that falls and a drop count that rises are regressions")
    func directions() {
        func summary(_ metrics: ResultObject, passed: Bool = true) -> ResultValue {
            .object([
                "schema": "fabricsim.summary/1", "scenario": "s", "run": .object(["checks_passed": .bool(passed)]),
                "metrics": .object(metrics),
            ])
        }
        let base = summary([
            "throughput_per_s": 100.0, "packets_dropped": 0, "step_time_p99_us": 10.0, "checksum": 7,
            "theory_step_time_p99_us": 9.0, "group": .object(["busbw_gbps": 50.0]),
        ])
        let new = summary(
            [
                "throughput_per_s": 90.0, "packets_dropped": 3, "step_time_p99_us": 9.0, "checksum": 8,
                "theory_step_time_p99_us": 99.0, "group": .object(["busbw_gbps": 50.5]),
            ], passed: false)
        let comparison = Comparison.compare(baseline: base, new: new, rules: ToleranceRules())
        let verdicts = Dictionary(uniqueKeysWithValues: comparison.rows.map { ($0.metric, $0.verdict) })
        #expect(verdicts["throughput_per_s"] == .worse)
        #expect(verdicts["packets_dropped"] == .worse)
        #expect(verdicts["step_time_p99_us"] == .better)
        #expect(verdicts["checksum"] == .changed)
        #expect(verdicts["group.busbw_gbps"] == .within)
        #expect(verdicts["checks_passed"] == .worse)
        #expect(verdicts["theory_step_time_p99_us"] == nil)
        #expect(comparison.regressions.count == 4)
    }
}
