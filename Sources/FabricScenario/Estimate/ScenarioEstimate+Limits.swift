import FabricKernel

/// Why a scenario is refused for what it would cost, and the section to blame.
struct EstimateRefusal: Equatable {
    var section: String
    var message: String
}

extension ScenarioEstimate {
    /// The estimate's refusals: memory beyond `limits`, a run that never ends or ends beyond `RunLimits.longestRun`,
    /// more payload than `RunLimits.maximumPayloadBytes`. A long wall time is never refused (`warning`).
    func refusals(_ scenario: Scenario, limits: ResourceLimits) -> [EstimateRefusal] {
        var refusals: [EstimateRefusal] = []
        let model = Self.section(of: scenario)
        if let limit = limits.memoryBytes, memoryBytes > limit {
            refusals.append(
                EstimateRefusal(
                    section: Self.section(blamedFor: memory.first, in: scenario),
                    message: MemoryPart.refusal(memory, limit: limit, source: limits.memorySource)))
        }
        switch simulatedSeconds {
        case let seconds? where seconds > RunLimits.longestRun.seconds:
            refusals.append(
                EstimateRefusal(
                    section: model,
                    message:
                        "the run would reach about \(Self.seconds(seconds)) of simulated time by itself, beyond the \(Self.seconds(RunLimits.longestRun.seconds)) a run may simulate (times are 64-bit picoseconds); expected a smaller workload, faster links, or stop.time"
                ))
        default: break
        }
        if payloadBytes > RunLimits.maximumPayloadBytes {
            refusals.append(
                EstimateRefusal(
                    section: model,
                    message:
                        "the run would move about \(MemoryAmount(payloadBytes)) of payload, more than the \(MemoryAmount(RunLimits.maximumPayloadBytes)) a run's 64-bit byte counters hold safely; expected fewer or smaller transfers"
                ))
        }
        return refusals
    }

    /// A notice for a run that will take long (more than an hour at the measured rate); nil otherwise.
    public var warning: String? {
        guard wallSeconds > 3600 else { return nil }
        return
            "warning: this run is estimated to take about \(Self.seconds(wallSeconds)) of wall time (\(Self.count(events)) events); stop.time or stop.events bound it"
    }

    /// The model's section, where a refusal of the whole run is reported.
    static func section(of scenario: Scenario) -> String {
        switch scenario.model {
        case .queueing: "queueing"
        case .phold: "phold"
        case .network(let spec): spec.traffic != nil ? "traffic" : "background"
        case .collective: "collective"
        case .training: "workload"
        }
    }

    /// The section whose values size a part of the memory.
    static func section(blamedFor part: MemoryPart?, in scenario: Scenario) -> String {
        switch part?.name {
        case "topology", "routing table", "port state", "packets in flight": "topology"
        case "series", "timeline": "output"
        default: section(of: scenario)
        }
    }
}

extension MemoryPart {
    /// `the run needs about 31 GiB at its peak: routing table 27 GiB (…), …; more than the limit, 80 % of …`.
    static func refusal(_ parts: [MemoryPart], limit: Double, source: String) -> String {
        let total = parts.reduce(0) { $0 + $1.bytes }
        let shown = parts.prefix(3).map { "\($0.name) \(MemoryAmount($0.bytes)) (\($0.detail))" }.joined(
            separator: ", ")
        return
            "the run is estimated to need \(MemoryAmount(total)) at its peak — \(shown) — more than the limit of \(MemoryAmount(limit)) (\(source)); expected a smaller scenario, or a higher --memory-limit"
    }
}
