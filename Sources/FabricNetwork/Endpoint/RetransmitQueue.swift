/// The fast retransmissions senders owe: per flow slot, the packets a NACK of a trimmed packet asked for again, in
/// the order asked (`PacketNetwork+Trimming.swift`). The NIC sends them before new data. Entries are threaded
/// through one slab with a free list, so the queue grows to the peak of retransmissions pending at once and a NACK
/// allocates nothing after that. Kept only when trimming is on: without it the arrays stay empty and the NIC tests
/// one flag.
struct RetransmitQueue: Sendable {
    static let none = UInt32.max
    private var sequences: [UInt32] = []
    private var links: [UInt32] = []
    private var free = RetransmitQueue.none
    /// By slot: the first and last entry of its queue, `none` when it has none.
    private var heads: [UInt32] = []
    private var tails: [UInt32] = []

    /// The flow in slot `slot` starts with nothing to resend.
    mutating func flowStarted(slot: Int) {
        if slot == heads.count {
            heads.append(Self.none)
            tails.append(Self.none)
        } else {
            removeAll(slot)
        }
    }

    @inline(__always)
    func isEmpty(_ slot: Int) -> Bool { heads[slot] == Self.none }

    /// The packet to resend first; the queue must not be empty.
    @inline(__always)
    func first(_ slot: Int) -> UInt32 { sequences[Int(heads[slot])] }

    mutating func append(_ slot: Int, _ sequence: UInt32) {
        let entry: UInt32
        if free != Self.none {
            entry = free
            free = links[Int(entry)]
            sequences[Int(entry)] = sequence
            links[Int(entry)] = Self.none
        } else {
            entry = UInt32(sequences.count)
            sequences.append(sequence)
            links.append(Self.none)
        }
        if tails[slot] == Self.none { heads[slot] = entry } else { links[Int(tails[slot])] = entry }
        tails[slot] = entry
    }

    mutating func removeFirst(_ slot: Int) {
        let entry = heads[slot]
        heads[slot] = links[Int(entry)]
        if heads[slot] == Self.none { tails[slot] = Self.none }
        links[Int(entry)] = free
        free = entry
    }

    /// Forgets every packet the flow in slot `slot` owed (it is delivered, or goes back to its first unacknowledged
    /// packet, which covers them).
    mutating func removeAll(_ slot: Int) {
        while heads[slot] != Self.none { removeFirst(slot) }
    }

    /// Entries the slab holds: the peak of retransmissions pending at once.
    var capacity: Int { sequences.count }
}
