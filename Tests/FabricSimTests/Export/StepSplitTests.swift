import FabricKernel
import FabricMetrics
import Testing

@testable import FabricExport

/// The report's bars and the trace's rows draw a step's time as docs/workload.md defines it: the slowest rank's
/// forward + backward, the stall (step time − compute-only step time), the longest optimizer. What is tested is
/// the drawing, so the summary's own per-step figures are the oracle.
@Suite("Step split: the stall drawn as defined")
struct StepSplitTests {
    /// Jitter, a straggler and an optimizer long enough that counting it in the stall would show.
    static let job = """
        name: split
        fabric: roce
        topology: {shape: leaf-spine, leaves: 2, spines: 2, servers_per_leaf: 1, gpus_per_server: 2, nics_per_server: 2}
        workload: {steps: 8, forward: 40us, backward: 80us, optimizer: 30us, gradient_bytes: 256KiB, buckets: 2,
                   jitter: lognormal, jitter_cv: 0.05, stragglers: [{rank: 1, factor: 1.5, probability: 0.3}]}
        """

    /// steps_table's stall_ms by step.
    static func stalls(_ result: RunResult) -> [Int64: Double] {
        guard case .array(let rows)? = result.metrics["steps_table"] else { return [:] }
        var out: [Int64: Double] = [:]
        for row in rows {
            if case .int(let step)? = row["step"], let stall = row["stall_ms"]?.doubleValue { out[step] = stall }
        }
        return out
    }

    @Test(
        "each slowest step's bar is forward + backward, stall, optimizer: they add up to step_ms and the stall is stall_ms"
    )
    func reportBars() throws {
        let result = try ExportTests.run(Self.job)
        let stalls = Self.stalls(result)
        guard case .array(let rows)? = result.metrics["slowest_steps"] else {
            Issue.record("no slowest_steps")
            return
        }
        #expect(rows.count == 8)
        for row in rows.compactMap(\.objectValue) {
            let split = try #require(StepSplit(row))
            guard case .int(let step)? = row["step"] else {
                Issue.record("no step")
                continue
            }
            #expect(split.parts.map(\.part) == [.forwardBackward, .stall, .optimizer])
            let total = split.parts.reduce(0) { $0 + $1.ms }
            #expect(abs(total - split.step) < 1e-9 * split.step, "step \(step): \(total) against \(split.step)")
            let stall = try #require(split.ms(.stall))
            #expect(abs(stall - stalls[step]!) < 1e-12, "step \(step)")
            #expect(try #require(split.ms(.optimizer)) >= 0.03 * 0.8)
        }
        let html = HTMLReport.html(result)
        for part in [StepSplit.Part.forwardBackward, .stall, .optimizer] {
            #expect(html.contains(HTMLReport.esc(part.rawValue)))
        }
    }

    @Test(
        "the trace's training rows split every step into forward + backward, stall and optimizer; the stall row is stall_ms"
    )
    func traceRows() throws {
        let result = try ExportTests.run(Self.job)
        let stalls = Self.stalls(result)
        let spans = result.timeline.spans
        let steps = spans.filter { $0.category == "step" }
        #expect(steps.count == 8)
        for (i, step) in steps.enumerated() {
            let parts = spans.filter {
                $0.group == "training" && $0.category.hasPrefix("step.") && $0.start >= step.start && $0.end <= step.end
            }
            #expect(parts.map(\.category) == ["step.compute", "step.stall", "step.optimizer"])
            for (a, b) in zip(parts, parts.dropFirst()) { #expect(a.end == b.start) }
            #expect(parts.reduce(SimTime.zero) { $0 + $1.duration } == step.duration)
            let stall = try #require(parts.first { $0.category == "step.stall" })
            #expect(abs(stall.duration.seconds * 1e3 - stalls[Int64(i)]!) < 1e-12, "step \(i)")
            #expect(try #require(parts.last).duration >= .microseconds(24))
        }
    }

    @Test("a row with only the compute-only time is split into it and the rest as stall")
    func computeOnlyRows() throws {
        let split = try #require(StepSplit(["step": 1, "step_ms": 10.0, "compute_only_ms": 9.5]))
        #expect(split.parts.map(\.part) == [.computeOnly, .stall] && split.parts.map(\.ms) == [9.5, 0.5])
        #expect(StepSplit(["step": 1, "step_ms": 10.0]) == nil)
    }
}
