import FabricKernel

/// What a run of a scenario will cost, estimated from the scenario's values alone, before anything is built:
/// the events it handles, the simulated time it reaches, the wall time that takes, and the memory it needs with
/// what dominates it. `fabricsim info` and the start of `fabricsim run` print it; `ScenarioLoader` refuses a
/// scenario whose memory exceeds the limit or whose simulated time or payload would overflow the model's 64-bit
/// quantities (`RunLimits`).
///
/// The formulas count what the model does — (1 + stations) events per queueing customer, about four events
/// per link crossed by each packet and its acknowledgement, 8 bytes per routing entry and next hop while the
/// table is built — and their constants are calibrated against measured runs of the bundled scenarios. Their
/// accuracy on those runs is recorded in docs/estimates.md.
public struct ScenarioEstimate: Sendable {
    /// Events the run handles (a stop condition caps them).
    public var events: Double
    /// Simulated seconds at which the run ends, or nil when it never ends by itself and no stop condition ends it.
    public var simulatedSeconds: Double?
    /// Simulated seconds the model needs to end by itself (nil: never), before `stop.time` is applied.
    public var naturalSeconds: Double?
    /// Payload bytes the whole run moves over the network.
    public var payloadBytes: Double
    /// Wall-clock seconds, at the event rate measured for this kind of model (docs/estimates.md).
    public var wallSeconds: Double
    /// The run's peak memory by part, largest first; `memoryBytes` is their sum.
    public var memory: [MemoryPart]

    public var memoryBytes: Double { memory.reduce(0) { $0 + $1.bytes } }

    /// Events per wall second that release builds handled on the bundled scenarios, by kind of model, on the
    /// machine docs/estimates.md describes (two cores shared with other work, so an idle machine runs faster).
    enum EventRate {
        static let queueing = 4e6
        static let phold = 7e6
        static let packet = 2.6e6
        static let collective = 10e6
        static let flow = 2e6
    }

    public init(_ scenario: Scenario) {
        var work: RunWork
        let rate: Double
        switch scenario.model {
        case .queueing(let config):
            work = RunWork(queueing: config)
            rate = EventRate.queueing
        case .phold(let config):
            work = RunWork(phold: config, stop: scenario.stop)
            rate = EventRate.phold
        case .network(let spec):
            work = RunWork(traffic: spec, stop: scenario.stop)
            rate = scenario.fidelity == .flow ? EventRate.flow : EventRate.packet
        case .collective(let spec):
            work = RunWork(collective: spec)
            rate = scenario.fidelity == .flow ? EventRate.flow : EventRate.collective
        case .training(let spec):
            work = RunWork(training: spec)
            rate = scenario.fidelity == .flow ? EventRate.flow : EventRate.packet
        }
        naturalSeconds = work.seconds
        // A stop condition ends the run at the first limit reached.
        var seconds = work.seconds
        var events = work.events
        if scenario.stop.time != .max {
            let stop = scenario.stop.time.seconds
            if seconds.map({ stop < $0 }) ?? true {
                if let natural = seconds, natural > 0 { events *= stop / natural }
                seconds = stop
            }
        }
        if scenario.stop.events != .max, Double(scenario.stop.events) < events {
            if let s = seconds, events > 0 { seconds = s * Double(scenario.stop.events) / events }
            events = Double(scenario.stop.events)
        }
        if work.seconds == nil, scenario.stop.time == .max, scenario.stop.events != .max,
            let eventRate = work.simulatedEventRate
        {
            seconds = events / eventRate
        }
        self.events = events
        simulatedSeconds = seconds
        payloadBytes = work.payloadBytes
        wallSeconds = events / rate + work.wallOverhead
        memory = MemoryPart.parts(scenario, work: work).sorted { $0.bytes > $1.bytes }
    }

    /// The lines `fabricsim info` shows, and `fabricsim run` before it starts.
    public var lines: [(label: String, value: String)] {
        var lines: [(String, String)] = []
        lines.append(("estimated events", Self.count(events)))
        lines.append(
            ("estimated simulated time", simulatedSeconds.map { Self.seconds($0) } ?? "never ends (no stop condition)"))
        lines.append(("estimated wall time", Self.seconds(wallSeconds) + " (release build, docs/estimates.md)"))
        let parts = memory.prefix(3).map { "\($0.name) \(MemoryAmount($0.bytes))" }.joined(separator: ", ")
        lines.append(("estimated peak memory", "\(MemoryAmount(memoryBytes)) (\(parts))"))
        return lines
    }

    /// One line for the start of `fabricsim run`: `estimate: 13.4 M events, 1.6 ms simulated, about 2.7 s, 66 MiB`.
    public var startLine: String {
        let simulated = simulatedSeconds.map { Self.seconds($0) + " simulated" } ?? "no end"
        return
            "estimate: \(Self.count(events)) events, \(simulated), about \(Self.seconds(wallSeconds)) of wall time, \(MemoryAmount(memoryBytes)) of memory at the peak"
    }

    static func count(_ value: Double) -> String {
        switch value {
        case ..<1e4: String(format: "%.0f", value)
        case ..<1e6: String(format: "%.1f k", value / 1e3)
        case ..<1e9: String(format: "%.2f M", value / 1e6)
        case ..<1e12: String(format: "%.2f G", value / 1e9)
        default: String(format: "%.3g", value)
        }
    }

    static func seconds(_ value: Double) -> String {
        switch value {
        case ..<1e-6: String(format: "%.0f ns", value * 1e9)
        case ..<1e-3: String(format: "%.1f us", value * 1e6)
        case ..<1: String(format: "%.1f ms", value * 1e3)
        case ..<120: String(format: "%.1f s", value)
        case ..<7200: String(format: "%.0f min", value / 60)
        case ..<(3 * 86_400): String(format: "%.1f h", value / 3600)
        default: String(format: "%.1f days", value / 86_400)
        }
    }
}
