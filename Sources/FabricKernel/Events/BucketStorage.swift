/// The raw memory behind `EventQueue`: 8 levels × 256 growable buckets of events, and an occupancy bitmap.
///
/// The one place in the kernel that uses unsafe pointers. Swift arrays nested in an array pay a uniqueness
/// check and a generic `replaceSubrange` per append and clear, which measured at a third of PHOLD's time.
/// Invariants, checked in debug builds:
/// - `buckets[i].count <= buckets[i].capacity`, and `base` points to `capacity` initialised-or-free events;
/// - bit i of `bitmap` is set exactly when `buckets[i].count > 0`.
/// `Event` is a trivial type, so memory is moved with plain copies and never deinitialised.
@usableFromInline
final class BucketStorage {
    @usableFromInline
    struct Bucket {
        @usableFromInline var base: UnsafeMutablePointer<Event>?
        @usableFromInline var count: Int32
        @usableFromInline var capacity: Int32
    }

    @usableFromInline static let bucketCount = 8 * 256
    @usableFromInline let buckets: UnsafeMutablePointer<Bucket>
    /// 4 words per level.
    @usableFromInline let bitmap: UnsafeMutablePointer<UInt64>

    @usableFromInline init() {
        buckets = .allocate(capacity: Self.bucketCount)
        buckets.initialize(repeating: Bucket(base: nil, count: 0, capacity: 0), count: Self.bucketCount)
        bitmap = .allocate(capacity: Self.bucketCount / 64)
        bitmap.initialize(repeating: 0, count: Self.bucketCount / 64)
    }

    deinit {
        for i in 0..<Self.bucketCount { buckets[i].base?.deallocate() }
        buckets.deallocate()
        bitmap.deallocate()
    }

    @inlinable func count(of bucket: Int) -> Int { Int(buckets[bucket].count) }

    @inlinable func event(_ index: Int, in bucket: Int) -> Event {
        assert(index < Int(buckets[bucket].count))
        return buckets[bucket].base.unsafelyUnwrapped[index]
    }

    @inlinable
    func append(_ event: Event, to bucket: Int) {
        let b = buckets + bucket
        if b.pointee.count == b.pointee.capacity { grow(b) }
        b.pointee.base.unsafelyUnwrapped[Int(b.pointee.count)] = event
        b.pointee.count &+= 1
        bitmap[bucket &>> 6] |= 1 &<< UInt64(bucket & 63)
    }

    @usableFromInline
    func grow(_ b: UnsafeMutablePointer<Bucket>) {
        let newCapacity = max(16, Int(b.pointee.capacity) * 2)
        precondition(newCapacity <= Int(Int32.max), "more than 2^31 events at one time")
        let newBase = UnsafeMutablePointer<Event>.allocate(capacity: newCapacity)
        if let old = b.pointee.base {
            newBase.update(from: old, count: Int(b.pointee.count))
            old.deallocate()
        }
        b.pointee.base = newBase
        b.pointee.capacity = Int32(newCapacity)
    }

    @inlinable
    func clear(_ bucket: Int) {
        buckets[bucket].count = 0
        bitmap[bucket &>> 6] &= ~(1 &<< UInt64(bucket & 63))
    }

    /// The first non-empty bucket of `level` whose index is greater than `after` (−1 for the first of all).
    @inlinable
    func firstOccupied(level: Int, after: Int) -> Int? {
        var word = (after + 1) >> 6
        guard word < 4 else { return nil }
        var bits = bitmap[level &<< 2 &+ word] & (~0 &<< UInt64((after + 1) & 63))
        while true {
            if bits != 0 { return word &<< 6 | bits.trailingZeroBitCount }
            word &+= 1
            if word == 4 { return nil }
            bits = bitmap[level &<< 2 &+ word]
        }
    }

    @inlinable
    func levelHasEvents(_ level: Int) -> Bool {
        let words = bitmap + (level &<< 2)
        return words[0] | words[1] | words[2] | words[3] != 0
    }

    @inlinable
    func minimumTime(in bucket: Int) -> UInt64 {
        let b = buckets[bucket]
        var minimum = UInt64.max
        for i in 0..<Int(b.count) {
            minimum = Swift.min(minimum, UInt64(bitPattern: b.base.unsafelyUnwrapped[i].time.rawValue))
        }
        return minimum
    }

    /// Moves every event of `bucket`, in order, to the bucket `target(time)` names (always a lower level), and
    /// empties `bucket`.
    @inlinable
    func redistribute(_ bucket: Int, target: (UInt64) -> Int) {
        let source = buckets[bucket]
        for i in 0..<Int(source.count) {
            let event = source.base.unsafelyUnwrapped[i]
            let destination = target(UInt64(bitPattern: event.time.rawValue))
            assert(destination >> 8 < bucket >> 8, "refiling must move events to a lower level")
            append(event, to: destination)
        }
        clear(bucket)
    }

    var reservedBytes: Int {
        var total = 0
        for i in 0..<Self.bucketCount { total += Int(buckets[i].capacity) * MemoryLayout<Event>.stride }
        return total
    }
}
