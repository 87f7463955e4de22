/// The pending-event set: a radix heap with 2,048-way digits over integer picosecond times.
///
/// Simulated time never goes backwards, so a queue may rely on every new key being at least `last`, the time
/// of the most recent event removed. Keys are split into 11-bit digits. An event is filed at *level* l = the
/// highest digit in which its time differs from `last`, in bucket = that digit of its time; level 0 therefore
/// holds buckets of events that share one exact time. Removing takes from the lowest level-0 bucket; when level 0
/// is empty, the lowest bucket of the lowest non-empty level is scanned for its minimum, which becomes `last`,
/// and its events are refiled into lower levels. An event is refiled at most five times and, with delays of
/// microseconds written in picoseconds, once; push is O(1) and compares nothing. It is a hierarchical timing
/// wheel in disguise. Measured against a binary heap and C++ `std::priority_queue` in docs/performance.md; the
/// design note is docs/design/0002-event-queue.md.
///
/// Order among equal times is scheduling order without storing or comparing sequence numbers: pushes append,
/// and refiling keeps relative order and only fills levels that are empty, so every bucket stays in scheduling
/// order and a level-0 bucket is drained from its front.
///
/// Buffers circulate through pools (see `BucketStorage`), so a run in steady state allocates nothing and the
/// queue's memory follows the events pending. `~Copyable`: the queue owns raw memory, and copying a
/// simulation's queue would be a bug anyway.
public struct EventQueue: ~Copyable {
    @usableFromInline let storage: BucketStorage
    /// Bit l set when level l has a non-empty bucket.
    @usableFromInline var occupiedLevels: UInt8 = 0
    /// The time of the most recent event removed: every pending time is ≥ it.
    @usableFromInline var last: UInt64 = 0
    /// Next event to take from the level-0 bucket of `last`'s lowest digit.
    @usableFromInline var head: Int = 0
    @usableFromInline var storedCount: Int = 0

    public init() { storage = BucketStorage() }

    @inlinable public var count: Int { storedCount }
    @inlinable public var isEmpty: Bool { storedCount == 0 }

    /// Adds an event. Its time must not be earlier than the last event removed.
    @inlinable
    public mutating func push(_ event: Event) {
        let key = UInt64(bitPattern: event.time.rawValue)
        precondition(key >= last, "an event was scheduled before the current time")
        let difference = key ^ last
        let level = difference == 0 ? 0 : (63 &- difference.leadingZeroBitCount) / BucketStorage.digitBits
        let bucket =
            level &<< BucketStorage.digitBits | Int(
                truncatingIfNeeded: key &>> UInt64(level &* BucketStorage.digitBits)) & BucketStorage.digitMask
        storage.append(event, to: bucket)
        occupiedLevels |= 1 &<< UInt8(level)
        storedCount &+= 1
    }

    /// Removes and returns the earliest event if its time is at most `limit`; among equal times, the one pushed
    /// first. Returns nil, changing nothing, when the queue is empty or the earliest event is later.
    @inlinable
    public mutating func pop(notAfter limit: UInt64 = .max) -> Event? {
        while storedCount > 0 {
            let current = Int(truncatingIfNeeded: last) & BucketStorage.digitMask
            if head < storage.count(of: current) {
                guard last <= limit else { return nil }
                let event = storage.event(head, in: current)
                head &+= 1
                storedCount &-= 1
                return event
            }
            guard advance(notAfter: limit) else { return nil }
        }
        return nil
    }

    /// Lets an empty queue take events from `time` on again, though later events were removed before: what the
    /// scheduler needs when the last events it removed had been cancelled, so that the clock stands before
    /// `last` (Scheduler.discardCancelled).
    @usableFromInline
    mutating func rewind(to time: UInt64) {
        precondition(storedCount == 0 && time <= last, "only an empty queue rewinds, and only backwards")
        storage.clear(Int(truncatingIfNeeded: last) & BucketStorage.digitMask)
        head = 0
        occupiedLevels = 0
        last = time
    }

    /// The time of the earliest pending event, without removing it.
    public func nextTime() -> SimTime? {
        guard storedCount > 0 else { return nil }
        let current = Int(truncatingIfNeeded: last) & BucketStorage.digitMask
        if head < storage.count(of: current) { return SimTime(rawValue: Int64(bitPattern: last)) }
        if let next = storage.firstOccupied(level: 0, after: current) {
            return SimTime(rawValue: Int64(bitPattern: last & ~UInt64(BucketStorage.digitMask) | UInt64(next)))
        }
        let level = (occupiedLevels & ~1).trailingZeroBitCount
        let bucket = storage.firstOccupied(level: level, after: -1)!
        return SimTime(rawValue: Int64(bitPattern: storage.minimumTime(in: level << BucketStorage.digitBits | bucket)))
    }

    /// The current level-0 bucket is used up: moves on to the next one, refiling a higher level if level 0 is
    /// empty. Returns false, changing nothing, if the next time would exceed `limit`.
    @usableFromInline
    mutating func advance(notAfter limit: UInt64) -> Bool {
        let current = Int(truncatingIfNeeded: last) & BucketStorage.digitMask
        if let next = storage.firstOccupied(level: 0, after: current) {
            let time = last & ~UInt64(BucketStorage.digitMask) | UInt64(next)
            guard time <= limit else { return false }
            storage.clear(current)
            head = 0
            last = time
            return true
        }
        let level = (occupiedLevels & ~1).trailingZeroBitCount
        let bucket = level << BucketStorage.digitBits | storage.firstOccupied(level: level, after: -1)!
        let minimum = storage.minimumTime(in: bucket)
        guard minimum <= limit else { return false }
        storage.clear(current)
        head = 0
        last = minimum
        // Refile: every event of the bucket now differs from `last` only below byte `level`.
        var levels = occupiedLevels & ~1
        storage.redistribute(bucket) { key in
            let difference = key ^ minimum
            let target = difference == 0 ? 0 : (63 &- difference.leadingZeroBitCount) / BucketStorage.digitBits
            levels |= 1 &<< UInt8(target)
            return target &<< BucketStorage.digitBits | Int(
                truncatingIfNeeded: key &>> UInt64(target &* BucketStorage.digitBits)) & BucketStorage.digitMask
        }
        if !storage.levelHasEvents(level) { levels &= ~(1 &<< UInt8(level)) }
        occupiedLevels = levels
        return true
    }

    /// Bytes of event storage held, including capacity kept for reuse.
    public var reservedBytes: Int { storage.reservedBytes }
}
