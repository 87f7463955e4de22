import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricReferenceModels
import FabricTransport
import FabricWorkload

/// A model the runner can drive and report on.
public protocol MeasuredModel: EventHandler {
    /// The fraction of its own goal the model has reached (customers measured, say), or nil if it has none.
    func progress() -> Double?
    /// The model's figures and self-checks at the end of the run.
    func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck])
    /// Events handled in simulations the model runs inside its own (a collective size, a training step); 0 by
    /// default (JobModels.swift).
    var episodeEvents: UInt64 { get }
    /// The quantities the model samples over time (queue depths, utilisation); none by default.
    /// Defaults and the packet network's series: MeasuredModel+Series.swift.
    func seriesDescriptors() -> [SeriesDescriptor]
    /// Reads every series at `now`, in the order of `seriesDescriptors()`: a level, or a cumulative counter.
    func sampleSeries(now: SimTime, into readings: inout [Double])
    /// Adds the run's spans (flows, compute phases) to `timeline` at the end of the run; none by default.
    func recordTimeline(now: SimTime, into timeline: inout Timeline)
    /// The fidelity of the network the model runs on; nil for models without one (JobModels.swift).
    var fidelity: Fidelity? { get }
    /// Whether the model runs episodes inside its events (false by default, JobModels.swift): the runner then
    /// hands it events one at a time, so that the run's event limit counts each outer event before its episode.
    static var runsEpisodes: Bool { get }
    /// Hands the model the run's control and series sampling before it starts, for the episodes it runs inside
    /// its events; models without episodes ignore them (JobModels.swift).
    mutating func attach(_ control: RunControl, sampling: SeriesSampling)
    /// Series the model sampled inside one of its episodes rather than over the whole run (the training job's
    /// slowest step), on the run's clock; nil by default (JobModels.swift).
    var episodeSeries: TimeSeriesSet? { get }
}

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

/// A network the runner can report on when it runs a network scenario (`TrafficRun`): its figures and checks and
/// its spans; the series it samples are part of `Transport`. Both fidelities conform (MeasuredModel+Series.swift,
/// FlowReport.swift).
public protocol ReportingNetwork: Transport {
    func report(now: SimTime) -> (metrics: ResultObject, checks: [ResultCheck])
    func recordTimeline(now: SimTime, into timeline: inout Timeline)
}

extension TrafficRun: MeasuredModel where Network: ReportingNetwork {
    /// Bytes delivered, which grow as every flow does, rather than flows completed, which a permutation's equal
    /// flows reach all at once at the end. Below 1 until the run ends: a background's bytes are an expectation.
    public func progress() -> Double? {
        if let expected = expectedPayloadBytes, expected > 0 {
            return min(Self.mostBeforeEnd, Double(network.counters.goodputBytes) / expected)
        }
        return requests.isEmpty ? nil : Double(network.counters.flowsCompleted) / Double(requests.count)
    }

    /// The highest fraction shown while the run goes on.
    static var mostBeforeEnd: Double { 0.99 }

    public func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck]) {
        var (metrics, checks) = network.report(now: now)
        if !requests.isEmpty, requests.count <= Self.listedFlows { metrics["traffic_flows"] = .array(trafficFlows()) }
        return (metrics, checks)
    }

    /// Lets the network forget each flow once it is delivered, but for the traffic flows the summary lists one
    /// by one: the flow statistics are gathered as flows are delivered, so a long run with background traffic
    /// keeps memory for the flows in progress only. Not under faults: a slowdown is over the flow's ideal on the
    /// fabric as the run ended, which needs every flow's endpoints until then. Not when the run's timeline is
    /// drawn either (it shows every flow): the runner decides that.
    public mutating func keepReportedRecordsOnly() {
        guard faults == nil else { return }
        network.keepFlowRecords(first: requests.count <= Self.listedFlows ? requests.count : 0)
    }

    /// A traffic section of at most this many flows is listed flow by flow: few flows are there to be watched
    /// (a victim beside an incast, a permutation's collisions), and the size statistics mix them with the
    /// background's.
    static var listedFlows: Int { 64 }

    /// The traffic section's flows (the first sent, before any background), one row each.
    func trafficFlows() -> [ResultValue] {
        let names = network.topology.nodes
        return requests.indices.map { f in
            let request = requests[f]
            var row = ResultObject()
            row["flow"] = .integer(f)
            row["source"] = .string(names[network.topology.hosts[request.source].index].name)
            row["destination"] = .string(names[network.topology.hosts[request.destination].index].name)
            row["bytes"] = .integer(request.bytes)
            row["start_us"] = .double(request.start.seconds * 1e6)
            let ideal = network.idealCompletion(of: f)
            if let finish = network.finishTime(of: f) {
                let fct = finish - request.start
                row["fct_us"] = .double(fct.seconds * 1e6)
                row["slowdown"] = ideal == .max || ideal == .zero ? .null : .double(fct.seconds / ideal.seconds)
            } else {
                row["fct_us"] = .null
                row["slowdown"] = .null
            }
            return .object(row)
        }
    }

    public func seriesDescriptors() -> [SeriesDescriptor] { network.seriesDescriptors() }
    public func sampleSeries(now: SimTime, into readings: inout [Double]) {
        network.sampleSeries(now: now, into: &readings)
    }
    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {
        network.recordTimeline(now: now, into: &timeline)
    }
    public var fidelity: Fidelity? { Network.fidelity }
}

extension PacketNetwork {
    /// Conservation; under PFC, no deadlock; under PFC and credits, no drop in a lossless class.
    public func report(now: SimTime) -> (metrics: ResultObject, checks: [ResultCheck]) {
        var checks = [conservation]
        if config.flowControl == .pfc {
            checks.append(
                ResultCheck(
                    name: "no PFC deadlock", passed: deadlock == nil,
                    detail: deadlock.map {
                        "ports paused in a cycle for \(config.pfc.deadlockTimeout): \(describePorts($0))"
                    }
                        ?? "no cycle of paused ports", failureExitCode: ResultCheck.deadlockExitCode))
        }
        if let lossless = LossTally(counters).check(config.flowControl) { checks.append(lossless) }
        return (metrics(now: now), checks)
    }
}
