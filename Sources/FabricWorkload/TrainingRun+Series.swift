import FabricCollectives
import FabricKernel
import FabricMetrics
import FabricTransport

/// The network's series inside one training step: the same groups a network scenario samples (queue depths,
/// utilisation by tier, packets or flows in flight, ...; `Transport.seriesDescriptors()`), on a grid of the step's
/// own clock.
///
/// Which step is the slowest is known only at the end of the run, so every step is sampled as its episode runs
/// and the slowest one's series are kept: memory is one step's series being sampled and the slowest one's so far,
/// each within the run's budget (`SeriesRecorder`: when the points fill up they halve and the interval doubles,
/// so the grid fits the step's length whatever it is). The episode is run in slices that end at the grid's
/// points; slicing changes nothing in the order of its events, so the step's events, times and results are
/// those of an unsampled run (the golden fingerprints hold that).
///
/// The points end at the step's end (the last rank's optimizer), never after it: once the step's all-reduces are
/// done its end is known, and the network's events left after it (a timer to cancel) are not sampled. An idle
/// network is read on to the step's end, exactly (nothing changes in it); a network the episode stopped with
/// traffic still in it (background traffic ends with the step's communication) is read no further than the
/// episode ran.
struct StepSeries {
    var recorder: SeriesRecorder
    var readings: [Double]
    /// The step's end on its own clock, once every all-reduce is done; no point is sampled after it.
    var end: SimTime?

    /// Starts the grid with the network's readings at the step's start: the baseline of its rate series.
    init(network: some Transport, sampling: SeriesSampling) {
        let descriptors = network.seriesDescriptors()
        recorder = SeriesRecorder(descriptors: descriptors, sampling: sampling)
        readings = [Double](repeating: 0, count: descriptors.count)
        network.sampleSeries(now: .zero, into: &readings)
        recorder.begin(readings)
    }

    /// The next point of the grid, or nil once it lies after the step's end.
    var due: SimTime? {
        let next = recorder.nextSampleTime
        return end.map { next <= $0 } ?? true ? next : nil
    }

    /// Reads the network at the point due: the episode has handled every event up to it and none after it.
    mutating func sample(_ network: some Transport) {
        network.sampleSeries(now: recorder.nextSampleTime, into: &readings)
        recorder.record(readings)
    }

    /// Samples the points after the episode's last run that its network state still tells: all of them to the
    /// step's end when the network is idle, none past the moment the episode stopped otherwise.
    mutating func finish<Network>(_ simulator: borrowing Simulator<TrainingEpisode<Network>>) {
        guard let end else { return }
        let valid = simulator.scheduler.pendingCount == 0 ? end : min(end, simulator.scheduler.now)
        while let due, due <= valid { sample(simulator.model.fabric.network) }
    }

    /// The series as sampled, on the run's clock: the step began at `origin`.
    func result(origin: SimTime, step: Int) -> TimeSeriesSet {
        var set = recorder.result
        set.origin = origin
        set.scope = "step \(step), the slowest"
        return set
    }
}

extension TrainingRun {
    /// Runs a step's episode as `RunControl.run(_:until:origin:)` does, returning what it would, and samples the
    /// network at each point of `series`' grid on the way (none when `series` is nil).
    mutating func run(
        _ simulator: inout Simulator<TrainingEpisode<Network>>, until limit: SimTime = .max, origin: SimTime,
        compute: [SimTime], series: inout StepSeries?
    ) -> StopReason {
        // The last slice may be the one that completed the step's communication.
        defer { noteEnd(of: simulator.model.executor, compute: compute, in: &series) }
        while true {
            noteEnd(of: simulator.model.executor, compute: compute, in: &series)
            guard let due = series?.due, due <= limit else {
                return control.run(&simulator, until: limit, origin: origin)
            }
            let reason = control.run(&simulator, until: due, origin: origin)
            guard reason == .timeLimit, !control.stopped else { return reason }
            // The slice may have completed the step's communication, and its end may lie before this point.
            noteEnd(of: simulator.model.executor, compute: compute, in: &series)
            if series?.due == due { series?.sample(simulator.model.fabric.network) }
            if due == limit { return reason }
        }
    }

    /// Sets the step's end on `series` once every rank's all-reduce is done.
    func noteEnd(of executor: ScheduleExecutor, compute: [SimTime], in series: inout StepSeries?) {
        guard series != nil, series?.end == nil, executor.isComplete else { return }
        series?.end = graph.end(executor: executor, durations: compute).end
    }
}
