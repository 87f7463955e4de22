import Testing

@testable import FabricKernel

/// The pending-event set, checked against the simplest queue that is obviously right: a list kept sorted by
/// (time, scheduling sequence number).
@Suite("Event queue: earliest first, scheduling order among equal times")
struct EventQueueTests {
    private static func event(_ time: Int64, _ id: UInt64) -> Event {
        Event(
            time: SimTime(picoseconds: time), id: EventID(rawValue: id), target: ComponentID(Int(id % 7)),
            kind: EventKind(rawValue: UInt32(id % 3)), argument: id &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The id of the event `pop` returns (`#expect` cannot look into a `~Copyable` queue itself).
    private static func popID(_ queue: inout EventQueue, notAfter limit: UInt64 = .max) -> UInt64? {
        queue.pop(notAfter: limit)?.id.rawValue
    }

    @Test("events of equal time come out in the order they were pushed")
    func fifoAmongEqualTimes() {
        var queue = EventQueue()
        for id in 0..<1_000 as Range<UInt64> {
            queue.push(Self.event(id % 3 == 0 ? 500 : 700, id))
        }
        var popped: [UInt64] = []
        while let event = queue.pop() { popped.append(event.id.rawValue) }
        let expected = (0..<1_000 as Range<UInt64>).filter { $0 % 3 == 0 } + (0..<1_000).filter { $0 % 3 != 0 }
        #expect(popped == expected)
    }

    @Test("an event pushed at the current time, after others of that time were pushed from further back, comes last")
    func fifoAcrossLevels() {
        // A and B are filed while the queue's last time is 0 (a high level); C is filed once time 0xFFFF has
        // been reached, so at a different level. Order among the three must still be A, B, C.
        var queue = EventQueue()
        queue.push(Self.event(0x1_0000, 1))
        queue.push(Self.event(0xFFFF, 2))
        queue.push(Self.event(0x1_0000, 3))
        #expect(Self.popID(&queue) == 2)
        queue.push(Self.event(0x1_0000, 4))
        queue.push(Self.event(0xFFFF, 5))
        #expect(Self.popID(&queue) == 5)
        #expect(Self.popID(&queue) == 1)
        queue.push(Self.event(0x1_0000, 6))
        #expect(Self.popID(&queue) == 3)
        #expect(Self.popID(&queue) == 4)
        #expect(Self.popID(&queue) == 6)
        #expect(Self.popID(&queue) == nil)
        let isEmpty = queue.isEmpty
        #expect(isEmpty)
    }

    @Test("pop(notAfter:) returns nil and changes nothing when the earliest event is later than the limit")
    func popNotAfterLeavesQueueAlone() {
        var queue = EventQueue()
        queue.push(Self.event(1_000, 0))
        queue.push(Self.event(1 << 40, 1))
        #expect(Self.popID(&queue, notAfter: 999) == nil)
        let countAfterRefusal = queue.count
        #expect(countAfterRefusal == 2)
        let next = queue.nextTime()
        #expect(next == SimTime(picoseconds: 1_000))
        #expect(Self.popID(&queue, notAfter: 1_000) == 0)
        #expect(Self.popID(&queue, notAfter: (1 << 40) - 1) == nil)
        let countAfterSecondRefusal = queue.count
        #expect(countAfterSecondRefusal == 1)
        let later = queue.nextTime()
        #expect(later == SimTime(picoseconds: 1 << 40))
        // An event pushed now, before the refused one, still comes first.
        queue.push(Self.event(5_000, 2))
        #expect(Self.popID(&queue) == 2)
        #expect(Self.popID(&queue) == 1)
        #expect(Self.popID(&queue, notAfter: .max) == nil)
    }

    @Test("an empty queue has no next time and pops nothing")
    func emptyQueue() {
        var queue = EventQueue()
        let isEmpty = queue.isEmpty
        #expect(isEmpty)
        let none = queue.nextTime()
        #expect(none == nil)
        #expect(Self.popID(&queue) == nil)
    }

    @Test("times at the far end of the representable range are ordered like any others")
    func extremeTimes() {
        var queue = EventQueue()
        queue.push(Self.event(Int64.max, 0))
        queue.push(Self.event(Int64.max - 1, 1))
        queue.push(Self.event(1 << 62, 2))
        queue.push(Self.event(0, 3))
        queue.push(Self.event(Int64.max, 4))
        var popped: [UInt64] = []
        while let event = queue.pop() { popped.append(event.id.rawValue) }
        #expect(popped == [3, 2, 1, 0, 4])
    }

    // MARK: Differential test against a sorted list

    /// The obviously correct queue: events sorted by (time, id), earliest at the end.
    private struct SortedListQueue {
        var events: [Event] = []

        mutating func push(_ event: Event) {
            // Binary search for the insertion point in descending (time, id) order.
            var low = 0
            var high = events.count
            while low < high {
                let mid = (low + high) / 2
                let other = events[mid]
                if (other.time, other.id.rawValue) > (event.time, event.id.rawValue) {
                    low = mid + 1
                } else {
                    high = mid
                }
            }
            events.insert(event, at: low)
        }

        mutating func pop(notAfter limit: Int64) -> Event? {
            guard let last = events.last, last.time.rawValue <= limit else { return nil }
            return events.removeLast()
        }

        var nextTime: SimTime? { events.last?.time }
    }

    /// How far ahead of the current time a new event lands; each seed mixes these in its own proportions.
    private static func nextTime(after now: Int64, style: UInt64, _ stream: inout RandomStream) -> Int64 {
        let offset: Int64
        switch style {
        case 0: offset = 0
        case 1: offset = Int64(stream.nextIndex(below: 256))
        case 2: offset = Int64(stream.nextIndex(below: 1 << 20))
        // Clustered on byte boundaries, where the queue's digits carry.
        case 3: offset = [0, 1, 255, 256, 257, 65_535, 65_536, 1 << 24, (1 << 32) - 1][Int(stream.nextIndex(below: 9))]
        case 4: offset = 1 << 40
        case 5: offset = (1 << 40) + Int64(stream.nextIndex(below: 3))
        default: offset = Int64(stream.nextIndex(below: 1 << 50))
        }
        let (time, overflow) = now.addingReportingOverflow(offset)
        return overflow ? .max : time
    }

    /// What one differential run exercised.
    private struct Coverage {
        var peakPending = 0
        var refusedByLimit = 0
        var poppedAtSameTime = 0
        var bigJumps = 0
    }

    /// Random interleavings of push, pop and pop(notAfter:); every result must equal the sorted list's.
    @discardableResult
    private static func differentialRun(seed: UInt64, operations: Int) -> Coverage {
        var coverage = Coverage()
        var stream = RandomStream(seed: seed, name: "tests.event-queue.differential")
        var queue = EventQueue()
        var reference = SortedListQueue()
        var now: Int64 = 0
        var nextID: UInt64 = 0
        // Some seeds start near the end of time, where keys use all 63 bits.
        if seed % 10 == 9 { now = Int64.max - (1 << 45) }
        // From draining (about 0.5 events pushed per pop) to growing (about 2 per pop, to a thousand or so).
        let pushPercent = 25 + stream.nextIndex(below: 31)
        // Each seed draws from a few of the offset styles, with different weights.
        let styles = (0..<4).map { _ in stream.nextIndex(below: 7) }

        func pop(limit: Int64) -> Bool {
            let actual = queue.pop(notAfter: UInt64(bitPattern: limit))
            let expected = reference.pop(notAfter: limit)
            guard actual == expected else {
                Issue.record(
                    "seed \(seed): popped \(String(describing: actual)), expected \(String(describing: expected))")
                return false
            }
            if let actual {
                if actual.time.rawValue == now { coverage.poppedAtSameTime += 1 }
                if actual.time.rawValue - now >= 1 << 40 { coverage.bigJumps += 1 }
                now = actual.time.rawValue
            } else if !reference.events.isEmpty {
                coverage.refusedByLimit += 1
            }
            return true
        }

        for _ in 0..<operations {
            let roll = stream.nextIndex(below: 100)
            if roll < pushPercent {
                let burst = stream.nextIndex(below: 8) == 0 ? 1 + stream.nextIndex(below: 10) : 1
                for _ in 0..<burst {
                    let style = styles[Int(stream.nextIndex(below: 4))]
                    let event = event(nextTime(after: now, style: style, &stream), nextID)
                    nextID += 1
                    queue.push(event)
                    reference.push(event)
                }
            } else if roll < 85 {
                guard pop(limit: .max) else { return coverage }
            } else {
                // A limit somewhere around the next event: sometimes before it, sometimes at it, sometimes after.
                let base = reference.nextTime?.rawValue ?? now
                let delta = Int64(stream.nextIndex(below: 5)) - 2
                let (limit, overflow) = base.addingReportingOverflow(delta)
                guard pop(limit: overflow ? .max : max(0, limit)) else { return coverage }
            }
            coverage.peakPending = max(coverage.peakPending, reference.events.count)
            guard queue.count == reference.events.count, queue.nextTime() == reference.nextTime else {
                Issue.record(
                    "seed \(seed): count \(queue.count) vs \(reference.events.count), next time \(String(describing: queue.nextTime())) vs \(String(describing: reference.nextTime))"
                )
                return coverage
            }
        }
        while !reference.events.isEmpty {
            guard pop(limit: .max) else { return coverage }
        }
        let isEmpty = queue.isEmpty
        #expect(isEmpty)
        #expect(Self.popID(&queue) == nil)
        return coverage
    }

    @Test(
        "random interleavings of push and pop give exactly the sorted order of (time, sequence)",
        arguments: 0..<8 as Range<UInt64>)
    func differential(batch: UInt64) {
        var runs: [Coverage] = []
        for seed in batch * 50..<(batch + 1) * 50 {
            runs.append(Self.differentialRun(seed: seed, operations: 3_000))
        }
        // The batch reached the regimes that matter: large queues, limits that refuse, ties, jumps of 2^40 ps.
        #expect(runs.map(\.peakPending).max()! > 500)
        #expect(runs.map(\.peakPending).min()! < 50)
        #expect(runs.map(\.refusedByLimit).reduce(0, +) > 100)
        #expect(runs.map(\.poppedAtSameTime).reduce(0, +) > 1_000)
        #expect(runs.map(\.bigJumps).reduce(0, +) > 10)
    }
}
