/// The raw memory behind `EventQueue`: `levels × width` growable buckets of events, an occupancy bitmap with a
/// summary word per level, and pools of spare buffers by size.
///
/// The one place in the kernel that uses unsafe pointers. Swift arrays nested in an array pay a uniqueness
/// check and a generic `replaceSubrange` per append and clear, which measured at a third of PHOLD's time.
/// Invariants:
/// - `buckets[i].count <= buckets[i].capacity`, and `base` holds `capacity` events (nil when 0); every
///   capacity is a power of two, at least `minimumCapacity`;
/// - bit i of `bitmap` is set exactly when `buckets[i].count > 0`; summary bit w of a level is set exactly when
///   that level's bitmap word w is non-zero;
/// - a pooled buffer belongs to no bucket.
/// `Event` is a trivial type, so memory is moved with plain copies and never deinitialised.
///
/// Memory follows the events pending, not the simulated time: a bucket emptied by refiling returns its buffer
/// to the pool of its size, and a bucket that fills takes one from there before allocating. (Keeping each
/// bucket's buffer instead would be simpler, but a run keeps reaching buckets it never used, and the queue
/// grew to 143 MB for 0.3 MB of pending events.) Level-0 buckets, drained and refilled all the time, keep
/// theirs. Once a run has met its peak, buffers only circulate: no allocation per event.
@usableFromInline
final class BucketStorage {
    @usableFromInline
    struct Bucket {
        @usableFromInline var base: UnsafeMutablePointer<Event>?
        @usableFromInline var count: Int32
        @usableFromInline var capacity: Int32
    }

    /// Bits of the time key per level: 2,048 buckets a level, six levels for 63 bits. Eleven bits measured
    /// fastest for delays of nanoseconds to microseconds written in picoseconds (docs/design/0002-event-queue.md).
    @usableFromInline static let digitBits = 11
    @usableFromInline static let width = 1 << digitBits
    @usableFromInline static let digitMask = width - 1
    @usableFromInline static let levels = (63 + digitBits - 1) / digitBits
    @usableFromInline static let wordsPerLevel = width / 64
    static let bucketCount = levels * width
    static let minimumCapacity = 16

    @usableFromInline let buckets: UnsafeMutablePointer<Bucket>
    @usableFromInline let bitmap: UnsafeMutablePointer<UInt64>
    /// One word per level: bit w set when the level's bitmap word w is non-zero.
    @usableFromInline let summary: UnsafeMutablePointer<UInt64>
    /// Spare buffers, by log2 of their capacity in events.
    var pools: [[UnsafeMutablePointer<Event>]] = Array(repeating: [], count: 32)

    @usableFromInline init() {
        buckets = .allocate(capacity: Self.bucketCount)
        buckets.initialize(repeating: Bucket(base: nil, count: 0, capacity: 0), count: Self.bucketCount)
        bitmap = .allocate(capacity: Self.levels * Self.wordsPerLevel)
        bitmap.initialize(repeating: 0, count: Self.levels * Self.wordsPerLevel)
        summary = .allocate(capacity: Self.levels)
        summary.initialize(repeating: 0, count: Self.levels)
    }

    deinit {
        for i in 0..<Self.bucketCount { buckets[i].base?.deallocate() }
        for pool in pools { for base in pool { base.deallocate() } }
        buckets.deallocate()
        bitmap.deallocate()
        summary.deallocate()
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
        let word = bucket &>> 6
        bitmap[word] |= 1 &<< UInt64(bucket & 63)
        summary[bucket &>> Self.digitBits] |= 1 &<< UInt64(word & (Self.wordsPerLevel - 1))
    }

    /// Doubles a full bucket's buffer, taking a spare one of that size when there is one.
    @usableFromInline
    func grow(_ b: UnsafeMutablePointer<Bucket>) {
        let capacity = max(Self.minimumCapacity, Int(b.pointee.capacity) * 2)
        precondition(capacity <= Int(Int32.max), "more than 2^31 events at one time")
        let sizeClass = capacity.trailingZeroBitCount
        let base = pools[sizeClass].popLast() ?? .allocate(capacity: capacity)
        if let old = b.pointee.base {
            base.update(from: old, count: Int(b.pointee.count))
            pools[Int(b.pointee.capacity).trailingZeroBitCount].append(old)
        }
        b.pointee.base = base
        b.pointee.capacity = Int32(capacity)
    }

    @inlinable
    func clear(_ bucket: Int) {
        buckets[bucket].count = 0
        let word = bucket &>> 6
        bitmap[word] &= ~(1 &<< UInt64(bucket & 63))
        if bitmap[word] == 0 {
            summary[bucket &>> Self.digitBits] &= ~(1 &<< UInt64(word & (Self.wordsPerLevel - 1)))
        }
    }

    /// The first non-empty bucket of `level` whose digit is greater than `after` (−1 for the first of all).
    @inlinable
    func firstOccupied(level: Int, after: Int) -> Int? {
        let start = after &+ 1
        guard start < Self.width else { return nil }
        let levelWords = bitmap + level &* Self.wordsPerLevel
        let word = start &>> 6
        let bits = levelWords[word] & (~0 &<< UInt64(start & 63))
        if bits != 0 { return word &<< 6 | bits.trailingZeroBitCount }
        let later = summary[level] & (word &+ 1 < 64 ? ~0 &<< UInt64(word &+ 1) : 0)
        guard later != 0 else { return nil }
        let next = later.trailingZeroBitCount
        return next &<< 6 | levelWords[next].trailingZeroBitCount
    }

    @inlinable
    func levelHasEvents(_ level: Int) -> Bool { summary[level] != 0 }

    @inlinable
    func minimumTime(in bucket: Int) -> UInt64 {
        let b = buckets[bucket]
        var minimum = UInt64.max
        for i in 0..<Int(b.count) {
            minimum = Swift.min(minimum, UInt64(bitPattern: b.base.unsafelyUnwrapped[i].time.rawValue))
        }
        return minimum
    }

    /// Moves every event of `bucket`, in order, to the bucket `target(time)` names (always a lower level),
    /// empties `bucket`, and gives its buffer back to the pool.
    @inlinable
    func redistribute(_ bucket: Int, target: (UInt64) -> Int) {
        let source = buckets[bucket]
        for i in 0..<Int(source.count) {
            let event = source.base.unsafelyUnwrapped[i]
            let destination = target(UInt64(bitPattern: event.time.rawValue))
            assert(
                destination >> Self.digitBits < bucket >> Self.digitBits, "refiling must move events to a lower level")
            append(event, to: destination)
        }
        clear(bucket)
        recycle(bucket)
    }

    /// Returns an emptied bucket's buffer to its pool.
    @usableFromInline
    func recycle(_ bucket: Int) {
        let b = buckets + bucket
        guard let base = b.pointee.base else { return }
        pools[Int(b.pointee.capacity).trailingZeroBitCount].append(base)
        b.pointee.base = nil
        b.pointee.capacity = 0
    }

    var reservedBytes: Int {
        var total = 0
        for i in 0..<Self.bucketCount { total += Int(buckets[i].capacity) * MemoryLayout<Event>.stride }
        for (sizeClass, pool) in pools.enumerated() { total += pool.count << sizeClass * MemoryLayout<Event>.stride }
        return total
    }
}
