/// A receiver that keeps packets out of order (out-of-order placement, as InfiniBand NICs and RoCE NICs with
/// adaptive-routing support do): it records each packet in a bitmap, acknowledges cumulatively the packets held
/// in order, and never NACKs; the sender recovers a loss by its timeout (`NetworkConfig.Receiver.selective`).
struct SelectiveReceiver: Receiver {
    private var bitmaps = ReceivedBitmaps()
    /// Per slot: the offset of its flow's bitmap in `bitmaps`.
    private var offsets: [Int] = []

    mutating func flowStarted(slot: Int, packets: UInt32) {
        let offset = bitmaps.allocate(bits: Int(packets))
        if slot == offsets.count { offsets.append(offset) } else { offsets[slot] = offset }
    }

    mutating func flowReleased(slot: Int, packets: UInt32) {
        bitmaps.release(offsets[slot], bits: Int(packets))
    }

    mutating func receive(_ sequence: UInt32, slot: Int, packets: UInt32, expected: inout UInt32) -> Receipt {
        let offset = offsets[slot]
        guard !bitmaps.contains(sequence, at: offset) else { return .duplicate }
        bitmaps.insert(sequence, at: offset)
        while expected < packets, bitmaps.contains(expected, at: offset) { expected += 1 }
        return .accepted
    }

    var stateWords: Int { bitmaps.capacity }
}
