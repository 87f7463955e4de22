import FabricKernel

/// `stop:` — limits that end a run early, whatever the model. A model also ends a run by itself (the queueing
/// model after its customers, for example); the first limit reached wins.
public struct StopConditions: Sendable, Equatable {
    public var time: SimTime
    public var events: Int64

    public static let unlimited = StopConditions(time: .max, events: .max)

    static let timeKey = ScenarioKey<SimTime>(
        "time", default: .max, defaultText: "never", range: SimTime.picoseconds(1)...RunLimits.longestRun,
        limitReason: "simulated time is 64-bit picoseconds; a run may reach 30 days",
        meaning:
            "Simulated time at which the run stops, whatever remains pending. A model that never ends by itself (PHOLD; a traffic scenario with a Poisson generator without a stop), given no stop condition, stops at 30 days."
    )
    static let eventsKey = ScenarioKey<Int64>(
        "events", default: .max, defaultText: "none", range: 1...Int64.max,
        meaning: "Number of events after which the run stops.")

    static let documentation = SectionDocumentation(
        path: "stop", summary: "Limits that end a run; the first one reached wins.",
        keys: [timeKey.documentation, eventsKey.documentation])

    init?(reading reader: inout SectionReader) {
        let time = reader.read(Self.timeKey)
        let events = reader.read(Self.eventsKey)
        guard let time, let events else { return nil }
        self.time = time
        self.events = events
    }

    public init(time: SimTime, events: Int64) {
        self.time = time
        self.events = events
    }
}
