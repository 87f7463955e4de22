import FabricExport
import FabricKernel
import FabricMetrics
import FabricScenario
import Foundation
import Testing

/// The exporters read one `RunResult`; these tests check what they write from real runs.
@Suite("Exporters")
struct ExportTests {
    static let network = """
        name: export
        fabric: infiniband
        topology: {shape: leaf-spine, leaves: 2, spines: 2, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1}
        traffic: {pattern: all-to-all, bytes: 20KB}
        output: {sample_interval: 1us, series_points: 64}
        stop: {time: 40us}
        """

    static let queue = """
        name: queue
        queueing: {interarrival: 2us, service: [1us, 1.5us], customers: 3000, warmup_customers: 100}
        """

    static func run(_ text: String, fingerprint: Bool = false, seed: UInt64? = nil) throws -> RunResult {
        var runner = ScenarioRunner(scenario: try ScenarioLoader.load(text: text, seed: seed))
        runner.fingerprint = fingerprint
        return runner.run()
    }

    static let timing = RunTiming(wallSeconds: 1, events: 1, peakResidentBytes: nil)

    static func files(_ result: RunResult, _ formats: Set<ResultFiles.Format> = Set(ResultFiles.Format.allCases))
        -> [String: String]
    {
        Dictionary(
            uniqueKeysWithValues: ResultFiles.files(result, timing: timing, formats: formats).map {
                ($0.name, $0.contents)
            })
    }

    static let schema: JSONSchemaValidator = {
        let url = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("docs/summary.schema.json")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? "{}"
        return JSONSchemaValidator(root: (try? JSONReader.parse(text)) ?? .null)
    }()

    @Test("the same run exported twice gives byte-identical JSON, CSV, trace and report")
    func byteIdentical() throws {
        let a = Self.files(try Self.run(Self.network, fingerprint: true))
        let b = Self.files(try Self.run(Self.network, fingerprint: true))
        #expect(Set(a.keys) == Set(b.keys))
        for (name, contents) in a where name != "timing.json" {
            #expect(contents == b[name], "\(name) differs between two runs")
        }
        #expect(a.keys.contains("ports.csv"))
        #expect(a.keys.contains("series.csv"))
        #expect(a.keys.contains("spans.csv"))
    }

    @Test("summary.json validates against docs/summary.schema.json for every kind of model")
    func summaryValidates() throws {
        let results = [
            try Self.run(Self.network, fingerprint: true), try Self.run(Self.network), try Self.run(Self.queue),
            try Self.run("phold: {entities: 16, population: 64}\nstop: {events: 2000}"),
        ]
        for result in results {
            let summary = try JSONReader.parse(JSONWriter.string(SummaryDocument.summary(result)))
            let errors = Self.schema.validate(summary)
            #expect(errors.isEmpty, "\(result.model): \(errors.prefix(5))")
        }
    }

    @Test("the schema check rejects what the schema forbids")
    func schemaRejects() throws {
        let good = try JSONReader.parse(JSONWriter.string(SummaryDocument.summary(try Self.run(Self.queue))))
        guard case .object(var document) = good, case .object(var run)? = document["run"] else {
            Issue.record("summary is not an object")
            return
        }
        #expect(Self.schema.validate(good).isEmpty)
        var missing = document
        missing["seed"] = nil
        #expect(Self.schema.validate(.object(missing)).contains { $0.contains("'seed' is missing") })
        run["stop_reason"] = "exploded"
        run["events"] = "many"
        document["run"] = .object(run)
        document["extra"] = 1
        var metrics = ResultObject()
        metrics["Bad Key"] = 1
        metrics["nested_table"] = .array([.object(["deep": .array([1, 2])])])
        document["metrics"] = .object(metrics)
        let errors = Self.schema.validate(.object(document))
        #expect(errors.contains { $0.hasPrefix("$.run.stop_reason") })
        #expect(errors.contains { $0.hasPrefix("$.run.events") })
        #expect(errors.contains { $0.contains("'extra' is not allowed") })
        #expect(errors.contains { $0.contains("Bad Key") })
        #expect(errors.contains { $0.hasPrefix("$.metrics.nested_table") })
    }

    @Test("summary.json records the fingerprint and outlines the series")
    func summaryContents() throws {
        let result = try Self.run(Self.network, fingerprint: true)
        let summary = try JSONReader.parse(JSONWriter.string(SummaryDocument.summary(result)))
        #expect(summary["run"]?["fingerprint"] == .string(result.fingerprintText!))
        #expect(summary["series"]?["points"] == .integer(result.series.pointCount))
        guard case .array(let groups)? = summary["series"]?["groups"] else {
            Issue.record("no groups")
            return
        }
        #expect(groups.contains { $0["name"] == "queue_bytes" && $0["kind"] == "level" })
        #expect(summary["timeline"] == nil, "the spans depend on --format; summary.json must not")
        let plain = try JSONReader.parse(JSONWriter.string(SummaryDocument.summary(try Self.run(Self.network))))
        #expect(plain["run"]?["fingerprint"] == .null)
    }

    @Test("CSV: scalars in metrics.csv, each array of rows its own table, series on one time grid")
    func csvTables() throws {
        let result = try Self.run(Self.network)
        let files = Self.files(result, [.csv])
        // One file per table of the model (ports, and whatever else it reports), plus the three of every run.
        var tables = ["metrics.csv", "series.csv", "spans.csv"]
        for (key, value) in result.metrics.entries {
            if case .array(let items) = value, !items.isEmpty, items.allSatisfy({ $0.objectValue != nil }) {
                tables.append("\(key).csv")
            }
        }
        #expect(files.keys.sorted() == tables.sorted())
        #expect(tables.contains("ports.csv"))
        let metrics = files["metrics.csv"]!.split(separator: "\n")
        #expect(metrics.first == "metric,value")
        #expect(metrics.contains { $0.hasPrefix("fct_p99_us,") })
        #expect(!metrics.contains { $0.hasPrefix("ports") })

        let ports = files["ports.csv"]!.split(separator: "\n")
        #expect(
            ports.first?.hasPrefix("port,from,to,link,rate,utilisation,packets,bytes,peak_queue_bytes,drops") == true)
        guard case .array(let rows)? = result.metrics["ports"] else {
            Issue.record("no ports")
            return
        }
        #expect(ports.count == rows.count + 1)

        let series = files["series.csv"]!.split(separator: "\n")
        #expect(series.count == result.series.pointCount + 1)
        let header = series[0].split(separator: ",")
        #expect(header.first == "time_s")
        #expect(header.contains("utilisation[leaf→spine]"))
        #expect(header.count == result.series.series.count + 1)
        #expect(
            series.dropFirst().allSatisfy {
                $0.split(separator: ",", omittingEmptySubsequences: false).count == header.count
            })

        let spans = files["spans.csv"]!.split(separator: "\n")
        #expect(spans.count == 57)
        #expect(spans[0] == "group,track,category,name,start_s,end_s,duration_s,finished")
    }

    @Test("CSV quoting follows RFC 4180, and nested groups of metrics flatten to paths")
    func csvQuoting() {
        var metrics = ResultObject()
        metrics["note"] = "a, \"b\""
        metrics["missing"] = .null
        metrics["collectives"] = .object([
            "allreduce": .object(["busbw_gbps": 181.5]),
            "runs": .array([
                .object(["name": "ring", "time_us": 10]), .object(["name": "tree", "extra": true]),
            ]),
        ])
        let result = RunResult(
            scenario: "q", scenarioEcho: ResultObject(), seed: 1, model: "m", simulatedTime: .zero, events: 0,
            peakPendingEvents: 0, stopReason: .idle, metrics: metrics, checks: [])
        let files = Dictionary(uniqueKeysWithValues: CSVTables.files(result).map { ($0.name, $0.contents) })
        #expect(
            files["metrics.csv"]
                == "metric,value\nnote,\"a, \"\"b\"\"\"\nmissing,\ncollectives.allreduce.busbw_gbps,181.5\n")
        #expect(files["collectives.runs.csv"] == "name,time_us,extra\nring,10,\ntree,,true\n")
    }

    @Test("a collective sweep's trace holds its sizes back to back, each as long as the size took")
    func collectiveSpans() throws {
        let result = try Self.run(
            """
            name: sweep-spans
            fabric: infiniband
            fidelity: flow
            topology: {shape: leaf-spine, leaves: 1, spines: 0, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1}
            collective: {operation: all-reduce, algorithm: tree, min_bytes: 1MiB, max_bytes: 16MiB, factor: 4}
            """)
        guard case .array(let rows)? = result.metrics["nccl_tests"] else {
            Issue.record("no nccl_tests table")
            return
        }
        let spans = result.timeline.spans.filter { $0.category == "collective" }
        #expect(spans.count == rows.count && rows.count == 3)
        var end = SimTime.zero
        for (span, row) in zip(spans, rows) {
            #expect(span.start == end, "sizes follow each other")
            #expect(abs(span.duration.seconds * 1e6 - (row["time_us"]?.doubleValue ?? 0)) < 1e-6, "\(span.name)")
            end = span.end
        }
        #expect(spans.last?.end == result.simulatedTime)
        #expect(TraceDocument.text(result).contains("all-reduce 16MiB (tree)"))
    }

    @Test("the terminal prints a collective sweep's sizes in nccl-tests' columns, one line per size")
    func ncclTestsTable() throws {
        func row(_ size: Int64) -> ResultValue {
            var o = ResultObject()
            o["size_bytes"] = .int(size)
            o["count_elements"] = .int(size / 4)
            o["type"] = .string("float")
            o["redop"] = .string("sum")
            o["root"] = .int(-1)
            o["time_us"] = .double(Double(size) / 1e4)
            o["algbw_gbps"] = .double(Double(size) / 1e6 + 0.004)
            o["busbw_gbps"] = .double(18.35)
            o["model_time_us"] = .null
            return .object(o)
        }
        var metrics = ResultObject()
        metrics["nccl_tests"] = .array([row(1_048_576), row(268_435_456)])
        let result = RunResult(
            scenario: "c", scenarioEcho: ResultObject(), seed: 1, model: "collective", simulatedTime: .zero, events: 0,
            peakPendingEvents: 0, stopReason: .idle, metrics: metrics, checks: [])
        let text = TerminalSummary.text(
            result, timing: RunTiming(wallSeconds: 1, events: 1, peakResidentBytes: nil), directory: nil)
        let lines = text.split(separator: "\n")
        let header = try #require(lines.firstIndex { $0.hasPrefix("#") && $0.contains("size") })
        #expect(lines[header].contains("algbw") && lines[header].contains("busbw"))
        #expect(lines[header + 1].contains("(us)") && lines[header + 1].contains("(GB/s)"))
        // Below a millisecond one decimal, above none; bandwidths with two.
        #expect(
            lines[header + 2].split(separator: " ") == [
                "1048576", "262144", "float", "sum", "-1", "104.9", "1.05", "18.35",
            ])
        #expect(
            lines[header + 3].split(separator: " ") == [
                "268435456", "67108864", "float", "sum", "-1", "26844", "268.44", "18.35",
            ])
        #expect(!text.contains("nccl_tests: 2 rows"))
    }

    @Test("trace.json is trace-event JSON: metadata, complete slices that never overlap on a thread, counters")
    func traceStructure() throws {
        let result = try Self.run(Self.network)
        let text = TraceDocument.text(result)
        let trace = try JSONReader.parse(text)
        guard case .array(let events)? = trace["traceEvents"] else {
            Issue.record("no traceEvents")
            return
        }
        #expect(trace["displayTimeUnit"] == "ns")
        #expect(trace["otherData"]?["scenario"] == "export")

        var slices: [String: [(Double, Double)]] = [:]
        var threadNames: [String] = []
        var counters = Set<String>()
        for event in events {
            guard case .string(let ph)? = event["ph"], case .int? = event["pid"] else {
                Issue.record("an event without ph or pid: \(event)")
                continue
            }
            switch ph {
            case "M":
                #expect(event["args"]?.objectValue != nil)
                if event["name"] == "thread_name", case .string(let name)? = event["args"]?["name"] {
                    threadNames.append(name)
                }
            case "X":
                let ts = event["ts"]?.doubleValue ?? -1
                let dur = event["dur"]?.doubleValue ?? -1
                #expect(ts >= 0 && dur >= 0)
                #expect(event["name"] != nil && event["cat"] == "flow")
                let thread = "\(event["pid"]!)/\(event["tid"] ?? .null)"
                slices[thread, default: []].append((ts, ts + dur))
            case "C":
                #expect((event["ts"]?.doubleValue ?? -1) >= 0)
                #expect(event["args"]?.objectValue?.entries.count == 1)
                if case .string(let name)? = event["name"] { counters.insert(name) }
            default:
                Issue.record("unexpected phase \(ph)")
            }
        }
        #expect(slices.values.reduce(0) { $0 + $1.count } == 56)
        for (thread, spans) in slices {
            let sorted = spans.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.1 <= b.0, "overlap on \(thread)") }
        }
        // All-to-all: each host sends 7 flows at once, dealt onto lanes h0, h0 #2, ...
        #expect(threadNames.contains("server0.nic0 #7") || threadNames.contains { $0.hasSuffix("#7") })
        #expect(counters.contains("switch_queue_bytes"))
        #expect(counters.contains { $0.hasPrefix("queue_bytes[") })
        #expect(counters.contains { $0.hasPrefix("utilisation[") })
    }

    @Test(
        "a training job's steps are spans back to back, each split into compute, stall and optimizer; the slowest rank by rank"
    )
    func trainingSpans() throws {
        let result = try Self.run(
            """
            name: tiny-job
            fabric: infiniband
            topology: {shape: leaf-spine, leaves: 2, spines: 1, servers_per_leaf: 1, gpus_per_server: 2, nics_per_server: 2}
            workload: {steps: 6, forward: 50us, backward: 100us, gradient_bytes: 64KiB, jitter: normal, jitter_cv: 0.1}
            """)
        let spans = result.timeline.spans
        let steps = spans.filter { $0.category == "step" }
        #expect(steps.count == 6)
        #expect(steps.first?.start == .zero)
        for (a, b) in zip(steps, steps.dropFirst()) { #expect(a.end == b.start) }
        for step in steps {
            // This step's parts (the step before it may end with an optimizer of zero length at its start).
            let parts = spans.filter {
                $0.category.hasPrefix("step.")
                    && ($0.name.hasPrefix(step.name + " ") || $0.name.hasPrefix(step.name + ":"))
            }
            #expect(parts.count == 3)
            #expect(parts.reduce(SimTime.zero) { $0 + $1.duration } == step.duration)
        }
        // The slowest step (the first of equal ones), rank by rank: compute, the wait for its all-reduce, the
        // optimizer, one after another; the last rank's optimizer ends the step.
        let slowest = try #require(
            steps.enumerated().max { ($0.element.duration, $1.offset) < ($1.element.duration, $0.offset) }?.element)
        let ranks = spans.filter { $0.category.hasPrefix("slowest step: ") }
        #expect(ranks.allSatisfy { $0.start >= slowest.start && $0.end <= slowest.end })
        #expect(Set(ranks.map(\.track)) == ["rank 0", "rank 1", "rank 2", "rank 3"])
        for track in Set(ranks.map(\.track)) {
            let row = ranks.filter { $0.track == track }
            #expect(
                row.first?.category == "slowest step: compute" && row.first?.start == slowest.start
                    && row.last?.category == "slowest step: optimizer")
            for (a, b) in zip(row, row.dropFirst()) { #expect(a.end == b.start, "\(track): phases follow each other") }
        }
        #expect(ranks.filter { $0.category == "slowest step: optimizer" }.map(\.end).max() == slowest.end)
        let html = HTMLReport.html(result)
        #expect(html.contains("steps_table: step_ms"))
        #expect(!html.contains("step.compute durations"))
        let trace = try JSONReader.parse(TraceDocument.text(result))
        guard case .array(let events)? = trace["traceEvents"] else {
            Issue.record("no events")
            return
        }
        #expect(events.filter { $0["ph"] == "X" }.count == 24 + ranks.count)
    }

    @Test("the timeline keeps spans in its window, up to its cap, and counts what the cap left out")
    func timelineBounds() {
        var timeline = Timeline(windowStart: .microseconds(10), windowEnd: .microseconds(20), cap: 2)
        for (s, e) in [(0, 5), (0, 12), (15, 16), (18, 30), (25, 40)] {
            timeline.add(
                TimelineSpan(
                    track: "t", group: "g", category: "c", name: "n",
                    start: .microseconds(Int64(s)), end: .microseconds(Int64(e))))
        }
        #expect(timeline.spans.map(\.start) == [.zero, .microseconds(15)])
        #expect(timeline.dropped == 1)
    }

    @Test("JSONReader reads what JSONWriter writes, in order, and reports where text is broken")
    func readerRoundTrip() throws {
        let value: ResultValue = .object([
            "b": 1, "a": .array([1.5, "x\"y\\\n\u{1}é😀", .null, true]), "c": .object(["z": -3, "e": 1e300]),
        ])
        #expect(try JSONReader.parse(JSONWriter.string(value)) == value)
        #expect(try JSONReader.parse(JSONWriter.compact(value)) == value)
        #expect(try JSONReader.parse("\"\\ud83d\\ude00\"") == .string("😀"))
        #expect(throws: JSONReader.Failure.self) { try JSONReader.parse("{\"a\": 1,\n \"b\" 2}") }
        do {
            _ = try JSONReader.parse("{\"a\": 1,\n \"b\" 2}")
        } catch {
            #expect(error.line == 2)
        }
    }
}
