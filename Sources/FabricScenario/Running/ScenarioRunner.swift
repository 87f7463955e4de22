import FabricCollectives
import FabricFlow
import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricReferenceModels
import FabricTransport
import FabricWorkload

/// How far a run has got, passed to the progress callback every few thousand events.
public struct RunProgress: Sendable {
    public var simulatedTime: SimTime
    public var events: UInt64
    /// Fraction done, from whichever of the stop conditions and the model's goal is nearest; nil if none is known.
    public var fraction: Double?
}

/// Builds the simulation a scenario describes, runs it to its end, and collects the result.
public struct ScenarioRunner {
    public let scenario: Scenario
    /// Events handled between two progress callbacks: small enough for a lively progress line, large enough that
    /// the callback costs nothing measurable.
    public var progressInterval: UInt64 = 1 << 12
    /// Hash the event stream into `RunResult.fingerprint` (`fabricsim run --fingerprint`); off by default, as it
    /// costs a little on every event.
    public var fingerprint = false
    /// Collect the run's spans (flows, compute phases) for the trace and the report.
    public var recordsTimeline = true

    public init(scenario: Scenario) { self.scenario = scenario }

    /// Runs the scenario. `progress` is called between slices of events; returning false stops the run early
    /// (its result is then marked as interrupted).
    public func run(progress: @escaping (RunProgress) -> Bool = { _ in true }) -> RunResult {
        switch scenario.model {
        case .queueing(let config):
            simulate(TandemQueue(config: config, seed: scenario.seed), progress: progress)
        case .phold(let config):
            simulate(PHOLD(config: config, seed: scenario.seed), progress: progress)
        case .collective, .training, .network:
            switch scenario.fidelity {
            case .packet: simulateNetwork(PacketNetwork.self, progress: progress)
            case .flow: simulateNetwork(FlowNetwork.self, progress: progress)
            }
        }
    }

    /// A network model (traffic, collective sweep or training job) on the network of the scenario's fidelity.
    private func simulateNetwork<Network: ReportingNetwork>(_: Network.Type, progress: @escaping (RunProgress) -> Bool)
        -> RunResult
    {
        switch scenario.model {
        case .collective(let spec):
            return simulate(CollectiveSweep<Network>(scenario: spec, seed: scenario.seed), progress: progress)
        case .training(let spec):
            return simulate(TrainingRun<Network>(scenario: spec, seed: scenario.seed), progress: progress)
        case .network(let spec):
            var run = TrafficRun(
                network: Network(
                    topology: spec.topology, config: spec.network, seed: scenario.seed, classes: spec.trafficClasses),
                requests: spec.traffic?.requests(hosts: spec.topology.hosts.count, seed: scenario.seed) ?? [],
                faults: spec.faults.changes.isEmpty ? nil : spec.faults, convergence: spec.convergence,
                background: spec.background, seed: scenario.seed)
            if !recordsTimeline { run.keepReportedRecordsOnly() }
            run.expectedPayloadBytes = RunWork(traffic: spec, stop: scenario.stop).payloadBytes
            return simulate(run, progress: progress)
        case .queueing, .phold:
            preconditionFailure("not a network model")
        }
    }

    /// Runs in slices that end at the next sample time of the model's series or after `progressInterval`
    /// events, whichever comes first; slicing changes nothing in the order of events. The model's episodes run
    /// under the same control (`RunControl`): the stop conditions, the interrupt and the fingerprint reach inside
    /// them. A model that samples inside its episodes instead (the training job) gets the same sampling settings
    /// and hands back its series at the end (`MeasuredModel.episodeSeries`).
    private func simulate<Model: MeasuredModel>(_ model: Model, progress: @escaping (RunProgress) -> Bool) -> RunResult
    {
        let stop = scenario.stop
        let control = RunControl(
            slice: progressInterval, stopTime: stop.time, eventLimit: UInt64(stop.events),
            fingerprint: fingerprint
        ) { [self] report in
            progress(
                RunProgress(
                    simulatedTime: report.simulatedTime, events: report.events,
                    fraction: fraction(report.progress, now: report.simulatedTime, events: report.events)))
        }
        let output = scenario.output
        let sampling = SeriesSampling(
            interval: output.sampleInterval, maximumPoints: output.seriesPoints,
            memoryBudget: output.seriesMemory.bytes)
        var simulator = Simulator(model: model)
        simulator.model.attach(control, sampling: sampling)
        simulator.start()
        let descriptors = simulator.model.seriesDescriptors()
        var recorder = descriptors.isEmpty ? nil : SeriesRecorder(descriptors: descriptors, sampling: sampling)
        var readings = [Double](repeating: 0, count: descriptors.count)
        if recorder != nil {
            simulator.model.sampleSeries(now: simulator.scheduler.now, into: &readings)
            recorder?.begin(readings)
        }
        var reason = StopReason.eventBudget
        while true {
            guard control.eventsLeft > 0 else {
                reason = .eventBudget
                break
            }
            let sampleTime = recorder?.nextSampleTime ?? .max
            let limit = min(stop.time, sampleTime)
            let before = simulator.scheduler.eventsProcessed
            // A model with episodes goes one outer event at a time, counted before it runs, so its episodes see
            // the event limit exactly; an event counted that did not come (the run was idle) ends the run anyway.
            let budget = Model.runsEpisodes ? 1 : min(progressInterval, control.eventsLeft)
            if Model.runsEpisodes { control.consume(1) }
            if control.fingerprint != nil {
                var observer = RunControl.Observer(control: control)
                reason = simulator.run(until: limit, budget: budget, observer: &observer)
            } else {
                reason = simulator.run(until: limit, budget: budget)
            }
            if !Model.runsEpisodes { control.consume(simulator.scheduler.eventsProcessed - before) }
            if let stopped = control.stopReason {
                // An episode was stopped inside: the run ends there.
                reason = stopped
                break
            }
            var more = reason == .eventBudget
            if reason == .timeLimit, limit == sampleTime {
                simulator.model.sampleSeries(now: simulator.scheduler.now, into: &readings)
                recorder?.record(readings)
                more = sampleTime < stop.time
            }
            guard more else { break }
            control.progress = simulator.model.progress()
            guard control.check(at: simulator.scheduler.now) else {
                reason = .interrupted
                break
            }
        }
        // A run stopped inside an episode ends where the episode stood, not at the episode's start.
        let now = max(simulator.scheduler.now, control.stoppedAt ?? .zero)
        let events = simulator.scheduler.eventsProcessed + simulator.model.episodeEvents
        let (metrics, checks) = simulator.model.result(now: now, events: events)
        let fidelity = simulator.model.fidelity
        var result = RunResult(
            scenario: scenario.name, scenarioEcho: scenario.echo, seed: scenario.seed, model: scenario.model.name,
            simulatedTime: now, events: events, peakPendingEvents: simulator.scheduler.peakPending,
            stopReason: reason, metrics: metrics, checks: checks)
        result.fingerprint = control.fingerprint?.value
        if let series = recorder?.result ?? simulator.model.episodeSeries { result.series = series }
        result.fidelity = fidelity?.rawValue
        result.notModelled = fidelity?.notModelled ?? []
        result.hybridFabric = scenario.model.network?.hybrid
        result.networkProfile = scenario.model.network?.profile
        result.congestionControl = scenario.model.network?.controller
        result.headline = scenario.output.metrics
        if recordsTimeline {
            var timeline = Timeline(windowStart: output.traceStart, windowEnd: output.traceEnd, cap: output.traceSpans)
            simulator.model.recordTimeline(now: now, into: &timeline)
            result.timeline = timeline
        }
        return result
    }

    private func fraction(_ modelFraction: Double?, now: SimTime, events: UInt64) -> Double? {
        var candidates: [Double] = []
        if let modelFraction { candidates.append(modelFraction) }
        if scenario.stop.time != .max { candidates.append(now.seconds / scenario.stop.time.seconds) }
        if scenario.stop.events != .max { candidates.append(Double(events) / Double(scenario.stop.events)) }
        return candidates.max().map { min(1, $0) }
    }
}
