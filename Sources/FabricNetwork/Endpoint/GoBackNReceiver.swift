/// Strict go-back-N (RoCEv2 RC without out-of-order placement): a packet is kept only in order; one that
/// arrives after a gap is discarded, and the receiver sends one NACK per gap — for the packet it expects — so
/// that the sender goes back to it.
struct GoBackNReceiver: Receiver {
    /// Per slot: the `expected` value a NACK was last sent for.
    private var nackedAt: [UInt32] = []

    mutating func flowStarted(slot: Int, packets: UInt32) {
        if slot == nackedAt.count { nackedAt.append(.max) } else { nackedAt[slot] = .max }
    }

    mutating func receive(_ sequence: UInt32, slot: Int, packets: UInt32, expected: inout UInt32) -> Receipt {
        if sequence == expected {
            expected += 1
            return .accepted
        }
        guard sequence > expected else { return .duplicate }
        guard nackedAt[slot] != expected else { return .discarded }
        nackedAt[slot] = expected
        return .gap
    }
}
