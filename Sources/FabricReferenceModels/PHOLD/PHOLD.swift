import FabricKernel
import FabricMetrics
import Foundation

/// The event model of a `PHOLDConfig`. Entity i is component i.
///
/// The random draws and the checksum are specified exactly (docs/design/0003-random-streams.md) so that the
/// C++ reference in Benchmarks/reference/ produces the same event sequence and the same checksum: one stream
/// named "phold"; per event first the delay, then the destination.
public struct PHOLD: EventHandler {
    public let config: PHOLDConfig
    static let hop = EventKind(rawValue: 0)

    var stream: RandomStream
    let meanPicoseconds: Double
    let entityCount: UInt64
    /// Events handled by each entity.
    public private(set) var handledBy: [UInt64]
    /// FNV-1a-style running hash of (time, entity) of every handled event, in order.
    public private(set) var checksum: UInt64 = 0xCBF2_9CE4_8422_2325

    public init(config: PHOLDConfig, seed: UInt64) {
        self.config = config
        stream = RandomStream(seed: seed, name: "phold")
        meanPicoseconds = Double(config.meanDelay.rawValue)
        entityCount = UInt64(config.entities)
        handledBy = Array(repeating: 0, count: config.entities)
    }

    /// Schedules the initial population: event k starts at entity k mod N after one delay.
    public mutating func start(scheduler: inout Scheduler) {
        for k in 0..<config.population {
            scheduler.schedule(Self.hop, for: ComponentID(k % config.entities), after: nextDelay())
        }
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        let entity = event.target.index
        handledBy[entity] &+= 1
        checksum = (checksum ^ UInt64(bitPattern: event.time.rawValue)) &* 0x0000_0100_0000_01B3
        checksum = (checksum ^ UInt64(entity)) &* 0x0000_0100_0000_01B3
        let delay = nextDelay()
        let destination = stream.nextIndex(below: entityCount)
        scheduler.schedule(Self.hop, for: ComponentID(rawValue: UInt32(destination)), after: delay)
    }

    mutating func nextDelay() -> SimTime {
        // Non-negative, so adding one half and truncating rounds to nearest (faster than libm's round, and
        // written the same way in the C++ reference).
        let exponential = -meanPicoseconds * log(1.0 - stream.nextUnit())
        return config.lookahead + SimTime(rawValue: Int64(exponential + 0.5))
    }

    public func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck]) {
        var metrics = ResultObject()
        metrics["events"] = .integer(events)
        metrics["checksum"] = .string(String(checksum, radix: 16))
        let rate = now.seconds > 0 ? Double(events) / now.seconds : 0
        metrics["event_rate_per_simulated_s"] = .double(rate)
        metrics["theory_event_rate_per_simulated_s"] = .double(config.theoreticalEventRate)
        let mean = Double(events) / Double(config.entities)
        metrics["events_per_entity_mean"] = .double(mean)
        metrics["events_per_entity_min"] = .integer(handledBy.min() ?? 0)
        metrics["events_per_entity_max"] = .integer(handledBy.max() ?? 0)
        let total = handledBy.reduce(0, +)
        let checks = [
            ResultCheck(
                name: "every event handled by an entity", passed: total == events,
                detail: "sum over entities \(total), kernel count \(events)")
        ]
        return (metrics, checks)
    }
}
