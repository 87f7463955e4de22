import FabricKernel
import FabricMetrics
import FabricTransport

/// A model the runner can drive and report on. The models keep their reports beside them (a network's figures
/// and checks, a sweep's nccl-tests rows, a job's steps, their spans); a conformance only forwards to them
/// (MeasuredModel+Models.swift), and what a model does not say takes the defaults below.
public protocol MeasuredModel: EventHandler {
    /// The fraction of its own goal the model has reached (customers measured, say), or nil if it has none.
    func progress() -> Double?
    /// The model's figures and self-checks at the end of the run.
    func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck])
    /// Events handled in simulations the model runs inside its own (a collective size, a training step); 0 by
    /// default.
    var episodeEvents: UInt64 { get }
    /// The quantities the model samples over time (queue depths, utilisation); none by default.
    func seriesDescriptors() -> [SeriesDescriptor]
    /// Reads every series at `now`, in the order of `seriesDescriptors()`: a level, or a cumulative counter.
    func sampleSeries(now: SimTime, into readings: inout [Double])
    /// Adds the run's spans (flows, compute phases) to `timeline` at the end of the run; none by default.
    func recordTimeline(now: SimTime, into timeline: inout Timeline)
    /// The fidelity of the network the model runs on; nil (the default) for models without one.
    var fidelity: Fidelity? { get }
    /// Whether the model runs episodes inside its events (false by default): the runner then hands it events one
    /// at a time, so that the run's event limit counts each outer event before its episode.
    static var runsEpisodes: Bool { get }
    /// Hands the model the run's control and series sampling before it starts, for the episodes it runs inside
    /// its events; models without episodes ignore them (the default).
    mutating func attach(_ control: RunControl, sampling: SeriesSampling)
    /// Series the model sampled inside one of its episodes rather than over the whole run (the training job's
    /// slowest step), on the run's clock; nil by default.
    var episodeSeries: TimeSeriesSet? { get }
}

/// Models sample nothing, record no spans and run no episodes unless they say otherwise. Models whose work
/// happens in episodes of their own (one simulator per collective size or training step) count those episodes'
/// events in `episodeEvents`; the runner adds them to the outer simulator's.
extension MeasuredModel {
    public func seriesDescriptors() -> [SeriesDescriptor] { [] }
    public func sampleSeries(now: SimTime, into readings: inout [Double]) {}
    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {}
    public var episodeEvents: UInt64 { 0 }
    public var fidelity: Fidelity? { nil }
    public static var runsEpisodes: Bool { false }
    public mutating func attach(_ control: RunControl, sampling: SeriesSampling) {}
    public var episodeSeries: TimeSeriesSet? { nil }
}
