import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricReferenceModels

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
    /// Reads every series now, in the order of `seriesDescriptors()`: a level, or a cumulative counter.
    func sampleSeries(into readings: inout [Double])
    /// Adds the run's spans (flows, compute phases) to `timeline` at the end of the run; none by default.
    func recordTimeline(now: SimTime, into timeline: inout Timeline)
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

extension TrafficRun: MeasuredModel where Network == PacketNetwork {
    public func progress() -> Double? {
        requests.isEmpty ? nil : Double(network.counters.flowsCompleted) / Double(requests.count)
    }

    public func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck]) {
        var checks = [network.conservation]
        if network.config.flowControl == .pfc {
            checks.append(ResultCheck(
                name: "no PFC deadlock", passed: network.deadlock == nil,
                detail: network.deadlock.map { "ports paused in a cycle for \(network.config.pfc.deadlockTimeout): \(network.describePorts($0))" }
                    ?? "no cycle of paused ports", failureExitCode: 3))
        }
        if network.config.flowControl == .credits {
            checks.append(ResultCheck(
                name: "lossless under credits", passed: network.counters.dropsBufferFull == 0,
                detail: "\(network.counters.dropsBufferFull) packets dropped for lack of buffer"))
        }
        return (network.metrics(now: now), checks)
    }
}
