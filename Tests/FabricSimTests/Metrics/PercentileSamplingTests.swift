import FabricExport
import FabricKernel
import FabricMetrics
import Testing

/// A percentile over too few samples is their maximum, and says so.
@Suite("Percentiles: enough samples to be more than the maximum")
struct PercentileSamplingTests {
    /// Nearest rank, independently of the rule: the sample of rank ⌈q·n⌉ of 1...n (in integers: q in thousandths
    /// of a percent, so that 99.9 % of 1,000 is exactly 999).
    static func isMaximum(_ q: Double, _ n: Int) -> Bool {
        let thousandths = Int((q * 1_000).rounded())
        return (thousandths * n + 99_999) / 100_000 >= n
    }

    @Test(
        "n·(1 − q) ≥ 1 is exactly 'the nearest-rank percentile is not the maximum', for P50, P90, P99, P99.9 and n up to 3,000"
    )
    func ruleIsNearestRank() {
        for q in [50.0, 90, 99, 99.9] {
            for n in 1...3_000 {
                #expect(PercentileSampling.resolves(q, samples: Int64(n)) == !Self.isMaximum(q, n), "P\(q) of \(n)")
            }
        }
        #expect(!PercentileSampling.resolves(99, samples: 99) && PercentileSampling.resolves(99, samples: 100))
        #expect(!PercentileSampling.resolves(99.9, samples: 999) && PercentileSampling.resolves(99.9, samples: 1_000))
    }

    @Test("names give the percentile and the key of its sample count")
    func names() throws {
        #expect(try #require(PercentileSampling.parse("stall_p99_ms")) == (99, "stall_samples"))
        #expect(try #require(PercentileSampling.parse("step_time_p99_9_ms")) == (99.9, "step_time_samples"))
        #expect(try #require(PercentileSampling.parse("slowdown_p99")) == (99, "slowdown_samples"))
        #expect(try #require(PercentileSampling.parse("fct_p50_us")) == (50, "fct_samples"))
        #expect(PercentileSampling.parse("pause_frames") == nil && PercentileSampling.parse("p99") == nil)
    }

    @Test("a 30-step job's P99 and P99.9 are marked in summary.json, the terminal and the report; its P50 is not")
    func marked() throws {
        let result = try ExportTests.run(
            """
            name: short
            fabric: infiniband
            topology: {shape: leaf-spine, leaves: 2, spines: 1, servers_per_leaf: 1, gpus_per_server: 1, nics_per_server: 1}
            workload: {steps: 30, forward: 20us, backward: 40us, gradient_bytes: 64KiB}
            """)
        #expect(result.metrics["stall_samples"] == .int(30))
        guard case .array(let figures)? = SummaryDocument.summary(result)["percentiles"] else {
            Issue.record("no percentiles")
            return
        }
        func entry(_ metric: String) -> ResultValue? { figures.first { $0["metric"] == .string(metric) } }
        #expect(entry("stall_p99_ms")?["resolved"] == .bool(false))
        #expect(entry("stall_p99_ms")?["note"] == .string("P99 of 30 samples = the maximum"))
        #expect(entry("step_time_p99_9_ms")?["note"] == .string("P99.9 of 30 samples = the maximum"))
        #expect(entry("stall_p50_ms")?["resolved"] == .bool(true) && entry("stall_p50_ms")?["note"] == .null)
        // The P99 reported is indeed the maximum of the 30 steps.
        #expect(
            result.metrics["stall_p99_ms"]?.doubleValue.map {
                abs($0 - result.metrics["stall_max_ms"]!.doubleValue!) < 1e-3 * $0
            } == true)
        let terminal = TerminalSummary.text(result, timing: ExportTests.timing, directory: nil)
        let line = try #require(terminal.split(separator: "\n").first { $0.hasPrefix("stall_p99_ms ") })
        #expect(line.hasSuffix("P99 of 30 samples = the maximum"))
        #expect(!(terminal.split(separator: "\n").first { $0.hasPrefix("stall_p50_ms ") } ?? "").contains("maximum"))
        #expect(HTMLReport.html(result).contains("(P99 of 30 samples = the maximum)"))
    }
}
