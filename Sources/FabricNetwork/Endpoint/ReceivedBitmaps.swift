/// The received-packet bitmaps of reorder-tolerant receivers (one bit per packet of a flow) in one slab of
/// words. A bitmap takes a power-of-two number of words and goes back to the free list of its size when its
/// flow's slot is released, so the slab grows to the peak of bitmaps alive rather than with every flow sent,
/// and a flow allocates nothing once the slab has grown (at most twice the words its packets need).
struct ReceivedBitmaps: Sendable {
    private var words: [UInt64] = []
    /// Per size class `c` (bitmaps of 2^c words): the offsets of free bitmaps, zeroed.
    private var free: [[Int]] = []

    /// The size class of a bitmap of `bits` bits: the smallest `c` with 2^c words holding them.
    private static func sizeClass(bits: Int) -> Int {
        let needed = max(1, (bits + 63) / 64)
        return Int.bitWidth - (needed - 1).leadingZeroBitCount
    }

    /// A bitmap of at least `bits` bits, all clear: its offset.
    mutating func allocate(bits: Int) -> Int {
        let c = Self.sizeClass(bits: bits)
        if c < free.count, let offset = free[c].popLast() { return offset }
        let offset = words.count
        words.append(contentsOf: repeatElement(0, count: 1 << c))
        return offset
    }

    /// Gives back the bitmap at `offset`, allocated for `bits` bits; it is cleared for its next flow.
    mutating func release(_ offset: Int, bits: Int) {
        let c = Self.sizeClass(bits: bits)
        for w in offset..<offset + (bits + 63) / 64 { words[w] = 0 }
        while free.count <= c { free.append([]) }
        free[c].append(offset)
    }

    func contains(_ bit: UInt32, at offset: Int) -> Bool {
        words[offset + Int(bit >> 6)] & (UInt64(1) << UInt64(bit & 63)) != 0
    }

    mutating func insert(_ bit: UInt32, at offset: Int) {
        words[offset + Int(bit >> 6)] |= UInt64(1) << UInt64(bit & 63)
    }

    /// Words the slab holds: what the bitmaps cost.
    var capacity: Int { words.count }
}
