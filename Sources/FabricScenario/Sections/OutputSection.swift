import FabricKernel

/// A kind of result file `fabricsim run` writes (docs/results-format.md).
public enum OutputFormat: String, ScenarioChoice, Sendable {
    /// summary.json and timing.json.
    case json
    /// One CSV file per table of the results, metrics.csv for the scalars, series.csv for the time series.
    case csv
    /// trace.json in the Chrome trace-event format (Perfetto, chrome://tracing).
    case trace
    /// report.html: one self-contained page with the summary and plots.
    case html
}

/// `output:` — which result files a run writes, and how finely it samples what changes over time. None of
/// these keys changes what the model does; `sample_interval` and the budgets change only how much of it is kept.
public struct OutputSettings: Sendable, Equatable {
    public var formats: [OutputFormat]
    public var sampleInterval: SimTime
    public var seriesPoints: Int
    public var seriesMemory: ByteCount
    public var traceStart: SimTime
    public var traceEnd: SimTime
    public var traceSpans: Int
    /// The headline figures (`HeadlineMetrics`); empty: the model's own first figures.
    public var metrics: [String] = []

    public static let `default` = OutputSettings(
        formats: OutputSection.formats.defaultValue!, sampleInterval: OutputSection.sampleInterval.defaultValue!,
        seriesPoints: Int(OutputSection.seriesPoints.defaultValue!),
        seriesMemory: OutputSection.seriesMemory.defaultValue!,
        traceStart: .zero, traceEnd: .max, traceSpans: Int(OutputSection.traceSpans.defaultValue!))

    public init(
        formats: [OutputFormat], sampleInterval: SimTime, seriesPoints: Int, seriesMemory: ByteCount,
        traceStart: SimTime, traceEnd: SimTime, traceSpans: Int, metrics: [String] = []
    ) {
        self.metrics = metrics
        self.formats = formats
        self.sampleInterval = sampleInterval
        self.seriesPoints = seriesPoints
        self.seriesMemory = seriesMemory
        self.traceStart = traceStart
        self.traceEnd = traceEnd
        self.traceSpans = traceSpans
    }
}

enum OutputSection {
    static let formats = ScenarioKey<[OutputFormat]>(
        "formats", default: [.json, .csv, .html], valid: "json, csv, trace, html",
        meaning: "Result files to write: json (summary.json, timing.json), csv (a file per table), trace "
            + "(trace.json for Perfetto), html (report.html). `fabricsim run --format` overrides it.")
    static let sampleInterval = ScenarioKey<SimTime>(
        "sample_interval", default: .microseconds(1), range: SimTime.nanoseconds(1)...SimTime.seconds(1000),
        meaning: "Simulated time between two samples of the time series (queue depth, utilisation) at the start of "
            + "a run (of each step, for a training job, which keeps its slowest step's series); it doubles whenever the "
            + "series fill their budget, so a long run keeps evenly spaced points.")
    static let seriesPoints = ScenarioKey<Int64>(
        "series_points", default: 1000, range: 16...1_000_000,
        meaning: "The most points one time series keeps.")
    static let seriesMemory = ScenarioKey<ByteCount>(
        "series_memory", default: ByteCount(8 << 20), defaultText: "8MiB",
        range: ByteCount(64 << 10)...ByteCount(4 << 30),
        meaning: "Memory all time series together may use (8 bytes a point); a model with many ports keeps fewer "
            + "points per port (at least 4). A training job holds twice this at most: the step it samples and the "
            + "slowest one so far.")
    static let traceStart = ScenarioKey<SimTime>(
        "trace_start", default: .zero, range: SimTime.zero...SimTime.max,
        meaning: "Spans that end before this time are left out of the trace and the report's timeline.")
    static let traceEnd = ScenarioKey<SimTime>(
        "trace_end", default: .max, defaultText: "the end of the run", range: SimTime.zero...SimTime.max,
        meaning: "Spans that begin after this time are left out of the trace and the report's timeline.")
    static let traceSpans = ScenarioKey<Int64>(
        "trace_spans", default: 100_000, range: 0...10_000_000,
        limitReason: "a trace viewer slows down beyond a few million",
        meaning: "The most spans (flows, compute phases) kept for the trace and the report; the earliest are kept.")

    static let metrics = ScenarioKey<[String]>(
        "metrics", default: [], defaultText: "the model's first figures", valid: "names of the model's figures",
        meaning: "The headline figures, for a scenario whose question is not the model's first figures (the stall, "
            + "pause frames, the buffer): the columns of the sweep's table, the first rows of `compare`, the top of the "
            + "report and of the terminal summary. Each must be a figure the model reports; `--metrics` on run, sweep "
            + "and compare overrides it.")

    static let documentation = SectionDocumentation(
        path: "output",
        summary: "Which result files a run writes and how much of the run's history they keep. None of these keys "
            + "changes the simulation.",
        keys: [
            formats.documentation, sampleInterval.documentation, seriesPoints.documentation, seriesMemory.documentation,
            traceStart.documentation, traceEnd.documentation, traceSpans.documentation, metrics.documentation,
        ])

    static func read(_ reader: inout SectionReader) -> OutputSettings? {
        let formats = reader.read(Self.formats)
        let sampleInterval = reader.read(Self.sampleInterval)
        let seriesPoints = reader.read(Self.seriesPoints)
        let seriesMemory = reader.read(Self.seriesMemory)
        let traceStart = reader.read(Self.traceStart)
        let traceEnd = reader.read(Self.traceEnd)
        let traceSpans = reader.read(Self.traceSpans)
        let metrics = reader.read(Self.metrics)
        guard let formats, let sampleInterval, let seriesPoints, let seriesMemory, let traceStart, let traceEnd,
            let traceSpans, let metrics
        else { return nil }
        if traceEnd < traceStart {
            reader.report(
                field: "trace_end", "found \(traceEnd), before trace_start \(traceStart); expected a time after it")
            return nil
        }
        var unique: [OutputFormat] = []
        for format in formats where !unique.contains(format) { unique.append(format) }
        return OutputSettings(
            formats: unique, sampleInterval: sampleInterval, seriesPoints: Int(seriesPoints),
            seriesMemory: seriesMemory, traceStart: traceStart, traceEnd: traceEnd, traceSpans: Int(traceSpans),
            metrics: metrics)
    }
}
