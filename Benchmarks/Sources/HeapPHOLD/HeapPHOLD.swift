import FabricKernel
import FabricReferenceModels
import Foundation

/// FabricReferenceModels' PHOLD with the kernel's queue replaced by `BinaryHeap`: the same random stream, the
/// same draws in the same order and the same (time, sequence) order, so it handles exactly the events the kernel
/// does and ends with the same checksum (phold-swift --queue heap checks this against the C++ reference).
///
/// It re-implements the model's few lines rather than reusing `PHOLD.handle`, because that schedules through the
/// kernel's `Scheduler`, which is the thing being replaced. Keep it in step with
/// Sources/FabricReferenceModels/PHOLD/PHOLD.swift.
public struct HeapPHOLD {
    /// An `Event` ordered by time, then by scheduling sequence number (its id), as the kernel runs them.
    struct Entry: Comparable {
        var event: Event
        static func < (a: Entry, b: Entry) -> Bool {
            a.event.time.rawValue != b.event.time.rawValue
                ? a.event.time.rawValue < b.event.time.rawValue
                : a.event.id.rawValue < b.event.id.rawValue
        }
        static func == (a: Entry, b: Entry) -> Bool { a.event.time == b.event.time && a.event.id == b.event.id }
    }

    public let config: PHOLDConfig
    var heap: BinaryHeap<Entry>
    var stream: RandomStream
    let meanPicoseconds: Double
    let entityCount: UInt64
    var handledBy: [UInt64]
    var nextID: UInt64 = 0
    /// The time of the event handled last.
    public private(set) var now: SimTime = .zero
    public private(set) var eventsProcessed: UInt64 = 0
    /// Folded exactly as `PHOLD.checksum` is.
    public private(set) var checksum: UInt64 = 0xCBF2_9CE4_8422_2325

    /// Builds the model and schedules its initial population (event k at entity k mod N after one delay).
    public init(config: PHOLDConfig, seed: UInt64) {
        self.config = config
        heap = BinaryHeap(reservingCapacity: config.population + 1)
        stream = RandomStream(seed: seed, name: "phold")
        meanPicoseconds = Double(config.meanDelay.rawValue)
        entityCount = UInt64(config.entities)
        handledBy = Array(repeating: 0, count: config.entities)
        for k in 0..<config.population {
            schedule(ComponentID(k % config.entities), after: nextDelay())
        }
    }

    /// Handles up to `budget` events.
    public mutating func run(budget: UInt64) {
        var handled: UInt64 = 0
        while handled < budget, let entry = heap.popMin() {
            now = entry.event.time
            handle(entry.event)
            handled &+= 1
        }
        eventsProcessed &+= handled
    }

    mutating func handle(_ event: Event) {
        let entity = event.target.index
        handledBy[entity] &+= 1
        checksum = (checksum ^ UInt64(bitPattern: event.time.rawValue)) &* 0x0000_0100_0000_01B3
        checksum = (checksum ^ UInt64(entity)) &* 0x0000_0100_0000_01B3
        let delay = nextDelay()
        let destination = stream.nextIndex(below: entityCount)
        schedule(ComponentID(rawValue: UInt32(destination)), after: delay)
    }

    mutating func schedule(_ target: ComponentID, after delay: SimTime) {
        let event = Event(
            time: now + delay, id: EventID(rawValue: nextID), target: target, kind: EventKind(rawValue: 0),
            argument: 0)
        nextID &+= 1
        heap.push(Entry(event: event))
    }

    mutating func nextDelay() -> SimTime {
        let exponential = -meanPicoseconds * log(1.0 - stream.nextUnit())
        return config.lookahead + SimTime(rawValue: Int64(exponential + 0.5))
    }
}
