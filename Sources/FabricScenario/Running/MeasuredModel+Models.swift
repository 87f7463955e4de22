import FabricCollectives
import FabricKernel
import FabricMetrics
import FabricReferenceModels
import FabricTransport
import FabricWorkload

/// The models a scenario runs, wired to the runner: each forwards to its own report (TandemQueue+Result.swift,
/// TrafficRun+Report.swift, CollectiveSweep+Report.swift, TrainingRun+Report.swift and their +Timeline and
/// +Series files), and the job models are built from their scenario sections here.
extension TandemQueue: MeasuredModel {
    public func progress() -> Double? {
        let total = config.warmupCustomers + config.customers
        return Double(departedCount) / Double(total)
    }

    public func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck]) {
        result(now: now)
    }
}

extension PHOLD: MeasuredModel {
    public func progress() -> Double? { nil }
}

/// A network scenario: the network's report and spans with the traffic's flows (TrafficRun+Report.swift), the
/// network's series.
extension TrafficRun: MeasuredModel where Network: ReportingNetwork {
    public func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck]) {
        report(now: now)
    }

    public func seriesDescriptors() -> [SeriesDescriptor] { network.seriesDescriptors() }
    public func sampleSeries(now: SimTime, into readings: inout [Double]) {
        network.sampleSeries(now: now, into: &readings)
    }
    public var fidelity: Fidelity? { Network.fidelity }
}

/// A collective scenario: the simulated nccl-tests, one episode per size (CollectiveSweep+Report.swift).
extension CollectiveSweep: MeasuredModel {
    init(scenario spec: CollectiveScenario, seed: UInt64) {
        self.init(
            topology: spec.network.topology, config: spec.network.network, seed: seed, spec: spec.spec,
            sizes: spec.sizes,
            members: spec.ranks.map { Array(0..<$0) }, faults: spec.network.faults,
            convergence: spec.network.convergence)
        expectedEvents = RunWork(collective: spec).sizeEvents
    }

    public var episodeEvents: UInt64 { innerEvents }
    public var fidelity: Fidelity? { Network.fidelity }
    public static var runsEpisodes: Bool { true }
    public mutating func attach(_ control: RunControl, sampling: SeriesSampling) { self.control = control }

    public func progress() -> Double? { sizes.isEmpty ? nil : progress }

    public func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck]) {
        report(now: now)
    }
}

/// A training scenario: the job, one episode per step (TrainingRun+Report.swift, +Timeline, +Series).
extension TrainingRun: MeasuredModel {
    init(scenario spec: TrainingScenario, seed: UInt64) {
        self.init(
            job: spec.job, topology: spec.network.topology, network: spec.network.network, seed: seed,
            faults: spec.network.faults, convergence: spec.network.convergence, classes: spec.network.trafficClasses,
            checkpointing: spec.checkpointing)
        expectedStepEvents = RunWork(training: spec).stepEvents
    }

    public var episodeEvents: UInt64 { innerEvents }
    public var fidelity: Fidelity? { Network.fidelity }
    public static var runsEpisodes: Bool { true }
    public mutating func attach(_ control: RunControl, sampling: SeriesSampling) {
        self.control = control
        self.sampling = sampling
    }

    /// The slowest step's series (TrainingRun+Series.swift).
    public var episodeSeries: TimeSeriesSet? { slowestSeries }

    public func progress() -> Double? { progress }

    public func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck]) {
        (metrics(now: now), checks)
    }
}
