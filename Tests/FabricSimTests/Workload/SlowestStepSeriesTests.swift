import FabricExport
import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricScenario
import FabricTransport
import Testing

/// A training job samples the network inside every step and keeps the slowest step's series, on the run's clock.
@Suite("Workload: the slowest step's series")
struct SlowestStepSeriesTests {
    /// Four single-GPU servers, one bucket all-reduced as a ring: each rank sends 2(n − 1) segments of S ÷ n. With
    /// S = 4 × 64 × 4,096 bytes every message is a whole number of 4 KiB packets. Jitter makes one step the slowest.
    static let ranks = 4
    static let gradientBytes: Int64 = 4 * 64 * 4096
    static let job = """
        name: step-series
        fabric: infiniband
        topology: {shape: leaf-spine, leaves: 2, spines: 1, servers_per_leaf: 2, gpus_per_server: 1, nics_per_server: 1}
        workload: {steps: 4, forward: 60us, backward: 120us, optimizer: 30us, jitter: lognormal, jitter_cv: 0.1,
                   gradient_bytes: \(gradientBytes), buckets: 1, algorithm: ring}
        output: {sample_interval: 100ns, series_points: 200}
        """

    static func steps(_ result: RunResult) throws -> [Double] {
        guard case .array(let rows)? = result.metrics["steps_table"] else { throw Missing() }
        return try rows.map { try #require($0["step_ms"]?.doubleValue) }
    }

    struct Missing: Error {}

    @Test("the series are the slowest step's, on the run's clock: inside the step, to within one interval of its end")
    func spanOfTheSlowestStep() throws {
        let result = try ExportTests.run(Self.job)
        let series = result.series
        let slowest = Int(try #require(result.metrics["slowest_step"]?.doubleValue))
        let steps = try Self.steps(result)
        // The slowest step is not the first: its series start later than the run.
        #expect(slowest > 0 && steps[slowest] == steps.max(), "steps \(steps)")
        #expect(series.scope == "step \(slowest), the slowest")
        let start = steps[..<slowest].reduce(0, +) * 1e-3
        let end = start + steps[slowest] * 1e-3
        #expect(abs(series.origin.seconds - start) < 1e-12, "origin \(series.origin), step starts at \(start) s")
        #expect(series.pointCount >= 100 && series.pointCount <= 200, "\(series.pointCount) points")
        let first = series.time(ofPoint: 0).seconds
        let last = series.time(ofPoint: series.pointCount - 1).seconds
        #expect(
            first > start && last <= end + 1e-15, "points from \(first) to \(last) s, step from \(start) to \(end) s")
        #expect(end - last < series.interval.seconds, "the idle network is read on to the step's end")
        let names = series.groups.map(\.name)
        for name in ["switch_queue_bytes", "packets_in_flight", "utilisation", "queue_bytes"] {
            #expect(names.contains(name), "\(name) missing from \(names)")
        }
    }

    @Test(
        "utilisation is a fraction, and the host links' integral over the step is the bytes the ring all-reduce sends")
    func hostBytesFromTheSchedule() throws {
        let result = try ExportTests.run(Self.job)
        let series = result.series
        let utilisation = series.series.filter { $0.descriptor.name == "utilisation" }
        #expect(!utilisation.isEmpty)
        for tier in utilisation {
            #expect(
                tier.values.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-12 },
                "\(tier.descriptor.label): max \(tier.maximum ?? 0)")
        }
        let uplinks = try #require(utilisation.first { $0.descriptor.subject == "host→leaf" })
        #expect((uplinks.maximum ?? 0) > 0.5, "the ring keeps the NICs busy while it runs")
        // ∫ mean utilisation dt × rate × hosts: the bytes every host put on its uplink in the step.
        let rate = 400e9 / 8
        let sent = uplinks.values.reduce(0, +) * series.interval.seconds * rate * Double(Self.ranks)
        // Independently, from the schedule: a ring all-reduce sends 2(n − 1)/n × S payload bytes from each rank, in
        // 4 KiB packets of 26 header bytes each; every packet a host receives it acknowledges with 30 bytes.
        let config = NetworkConfig.infiniband
        let n = Int64(Self.ranks)
        let payload = 2 * (n - 1) * Self.gradientBytes / n
        let packets = payload / Int64(config.mtu)
        let wire = n * (payload + packets * Int64(config.headerBytes) + packets * Int64(config.ackBytes))
        #expect(abs(sent - Double(wire)) <= 1e-9 * Double(wire), "integral \(sent) bytes, schedule \(wire) bytes")
    }

    @Test("the report draws the series under the slowest steps, and the trace's counters lie inside the slowest step")
    func reportAndTrace() throws {
        let result = try ExportTests.run(Self.job)
        let files = ExportTests.files(result)
        let html = try #require(files["report.html"])
        let critical = try #require(html.range(of: "<section class=\"card\" id=\"critical\">"))
        let end = try #require(html.range(of: "</section>", range: critical.upperBound..<html.endIndex))
        let section = html[critical.upperBound..<end.lowerBound]
        #expect(section.contains("Link utilisation by tier") && section.contains("Queue depth over time"))
        #expect(
            section.contains(
                "The network in step \(Int(result.metrics["slowest_step"]?.doubleValue ?? -1)), the slowest"))
        #expect(!html.contains("id=\"time\""), "no section of the run's own series")
        // Counters on the run's clock, in microseconds: from the step's start (a rate is drawn from the start of
        // its interval) to its end.
        let steps = try Self.steps(result)
        let longest = try #require(steps.max())
        let slowest = try #require(steps.firstIndex(of: longest))
        let start = steps[..<slowest].reduce(0, +) * 1e3
        let stop = start + steps[slowest] * 1e3
        let trace = try JSONReader.parse(try #require(files["trace.json"]))
        guard case .array(let events)? = trace["traceEvents"] else { throw Missing() }
        let counters = events.filter { $0["ph"] == .string("C") }.compactMap { $0["ts"]?.doubleValue }
        #expect(!counters.isEmpty)
        #expect(
            counters.allSatisfy { $0 >= start - 1e-6 && $0 <= stop + 1e-6 },
            "counters from \(counters.min() ?? 0) to \(counters.max() ?? 0) µs, step from \(start) to \(stop) µs")
    }

    @Test("the same seed gives the same series, and sampling changes none of the run's events or figures")
    func deterministicAndTransparent() throws {
        let scenario = try ScenarioLoader.load(text: Self.job)
        var runner = ScenarioRunner(scenario: scenario)
        runner.fingerprint = true
        let a = runner.run()
        let b = runner.run()
        #expect(!a.series.isEmpty && a.series == b.series)
        #expect(ExportTests.files(a, [.csv])["series.csv"] == ExportTests.files(b, [.csv])["series.csv"])
        // Sampled every 100 ns, or on a grid whose first point comes after every step's end: the same run.
        var coarse = scenario
        coarse.output.sampleInterval = .milliseconds(100)
        var unsampledRunner = ScenarioRunner(scenario: coarse)
        unsampledRunner.fingerprint = true
        let unsampled = unsampledRunner.run()
        #expect(unsampled.series.pointCount == 0)
        #expect(a.events == unsampled.events)
        #expect(a.simulatedTime == unsampled.simulatedTime)
        #expect(a.fingerprint == unsampled.fingerprint)
        #expect(a.metrics == unsampled.metrics)
    }
}
