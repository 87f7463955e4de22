import FabricExport
import FabricMetrics
import FabricScenario
import Foundation
import Testing

/// report.html must open anywhere, offline: these checks run in the suite; scripts/check-report.sh adds a real
/// browser (no console errors, no requests) where Chromium is installed.
@Suite("HTML report")
struct HTMLReportTests {
    static let scenario = """
        name: report
        description: "A <small> fabric & its queues"
        fabric: infiniband
        topology: {shape: leaf-spine, leaves: 2, spines: 2, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1}
        traffic: {pattern: all-to-all, bytes: 40KB}
        """

    static func report() throws -> String {
        var runner = ScenarioRunner(scenario: try ScenarioLoader.load(text: scenario))
        runner.fingerprint = true
        return HTMLReport.html(runner.run())
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("the report is self-contained: no scripts, no external URL, no file to fetch")
    func selfContained() throws {
        let html = try Self.report()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("@import") && !html.contains("url("))
        #expect(!html.contains(" src="))
        // Every link is to a place in the page or to inline data.
        for part in html.components(separatedBy: "href=\"").dropFirst() {
            #expect(part.hasPrefix("#") || part.hasPrefix("data:"), "a link to \(part.prefix(40))")
        }
    }

    @Test("the report has the summary, the scenario and SVG plots of distributions, ports and series")
    func plotsPresent() throws {
        let html = try Self.report()
        let svgs = Self.count("<svg", in: html)
        #expect(svgs >= 8)
        #expect(svgs == Self.count("</svg>", in: html))
        #expect(Self.count("<figure", in: html) == Self.count("</figure>", in: html))
        #expect(Self.count("<table", in: html) == Self.count("</table>", in: html))
        for heading in ["Summary", "Distributions", "Ports", "Over time", "Tables", "Scenario"] {
            #expect(html.contains("<h2>\(heading)</h2>"), "section \(heading)")
        }
        for figure in [
            "flow durations", "P50 ", "P99 ", "Deepest queues", "Busiest ports", "Link utilisation by tier",
            "Queue depth over time", "fct_p99_us", "all 2 checks passed", "fingerprint",
        ] {
            #expect(html.contains(figure), "\(figure)")
        }
        #expect(html.contains("<polyline"))
        #expect(html.contains("<rect"))
    }

    @Test("text from the scenario is escaped, never markup")
    func escaped() throws {
        let html = try Self.report()
        #expect(html.contains("A &lt;small&gt; fabric &amp; its queues"))
        #expect(!html.contains("<small>"))
    }

    @Test("a steps table gets distributions with P50 and P99, and the slowest steps their critical path")
    func trainingShapes() {
        var metrics = ResultObject()
        metrics["step_time_p99_ms"] = 12.0
        metrics["slowest_steps"] = .array([
            .object([
                "step": 7, "step_ms": 15.0, "compute_only_ms": 10.0, "stall_ms": 5.0, "forward_backward_ms": 9.0,
                "optimizer_ms": 1.0, "critical_rank": 3, "critical_rank_compute_ms": 11.0,
                "critical_link": "leaf0→spine1",
            ])
        ])
        metrics["steps_table"] = .array(
            (0..<50).map { i in
                .object([
                    "step": .integer(i), "step_ms": .double(10 + Double(i % 7)), "stall_ms": .double(Double(i % 5)),
                ])
            })
        let result = RunResult(
            scenario: "job", scenarioEcho: ["name": "job"], seed: 1, model: "training",
            simulatedTime: .milliseconds(600),
            events: 1, peakPendingEvents: 1, stopReason: .finished, metrics: metrics, checks: [])
        let html = HTMLReport.html(result)
        #expect(html.contains("<b>steps_table: step_ms</b>"))
        #expect(html.contains("<b>steps_table: stall_ms</b>"))
        #expect(html.contains("P50 13 ms") && html.contains("P99 16 ms"))
        #expect(html.contains("Critical path of the slowest steps"))
        #expect(html.contains("15 ms · stall 5 ms · rank 3 · leaf0→spine1"))
        #expect(
            html.contains("stall: waiting on communication (step − compute-only)")
                && html.contains("optimizer (longest)"))
        // The step numbers are not a duration: no distribution of them.
        #expect(!html.contains("steps_table: step</b>"))
    }

    @Test(
        "a table in step order is drawn step by step; columns ten times apart get their own charts; the slowest steps are not"
    )
    func stepByStep() {
        var metrics = ResultObject()
        metrics["steps_table"] = .array(
            (0..<20).map { i in
                .object([
                    "step": .integer(i), "step_ms": .double(25), "compute_only_ms": .double(24.5),
                    "stall_ms": .double(i < 10 ? 0.2 : 0.5),
                ])
            })
        metrics["slowest_steps"] = .array(
            [12, 3, 17].map { i in .object(["step": .integer(i), "step_ms": .double(26)]) })
        let result = RunResult(
            scenario: "job", scenarioEcho: ["name": "job"], seed: 1, model: "training",
            simulatedTime: .milliseconds(500),
            events: 1, peakPendingEvents: 1, stopReason: .finished, metrics: metrics, checks: [])
        let html = HTMLReport.html(result)
        #expect(html.contains("<h2>Step by step</h2>"))
        #expect(html.contains("<b>steps_table: step_ms, compute_only_ms by step</b>"))
        #expect(html.contains("<b>steps_table: stall_ms by step</b>"))
        #expect(!html.contains("slowest_steps: step_ms by step"))
    }

    @Test("a model with no series, spans or tables still gives a complete page")
    func minimal() {
        let result = RunResult(
            scenario: "bare", scenarioEcho: ["name": "bare"], seed: 1, model: "m", simulatedTime: .zero, events: 0,
            peakPendingEvents: 0, stopReason: .idle, metrics: ["value": 1.5, "missing": .null], checks: [])
        let html = HTMLReport.html(result)
        #expect(html.contains("<h2>Summary</h2>") && html.contains("<h2>Scenario</h2>"))
        #expect(!html.contains("<svg"))
        #expect(html.hasSuffix("</html>\n"))
    }
}
