import FabricTransport

/// Entropy spraying's per-packet entropies (`NetworkConfig.LoadBalancing.entropySpray`): each data packet of a
/// flow carries the next of the flow's `count` entropy values in turn — retransmissions included, so a resent
/// packet takes another path — and acknowledgements and NACKs carry the flow's own. Switches hash a packet's
/// entropy with their salt exactly as ECMP hashes a flow's (`FlowHashing`), so `count` values spread a flow over
/// about min(count, paths) paths, and one value is ECMP itself.
///
/// The entropies sit in a side table indexed like the packet pool, as in-band telemetry does
/// (docs/design/0015-telemetry.md), so that a `Packet` stays 56 bytes and runs without spraying pay nothing for
/// it; the per-flow turn is kept by slot.
struct PacketEntropies: Sendable {
    /// Entropy values per flow.
    let count: UInt32
    /// By pool index: the entropy the packet there carries. Grows with the pool's peak and never shrinks.
    private var entropies: [UInt64] = []
    /// By slot: the turn of the flow's next data packet.
    private var turns: [UInt32] = []

    init(count: Int) {
        self.count = UInt32(max(1, min(count, Int(UInt32.max))))
    }

    /// The `i`-th entropy of a flow whose own is `base`: the 0th is the flow's own, so one value is ECMP; the
    /// others step by the golden-ratio increment of SplitMix64, which the switches' hash spreads.
    @inline(__always)
    static func value(_ base: UInt64, _ i: UInt32) -> UInt64 { base &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15 }

    mutating func flowStarted(slot: Int) {
        if slot == turns.count { turns.append(0) } else { turns[slot] = 0 }
    }

    /// The data packet made at pool index `x` for the flow in slot `slot` takes the flow's next entropy.
    @inline(__always)
    mutating func spray(_ x: UInt32, slot: Int, base: UInt64) {
        let turn = turns[slot]
        turns[slot] = turn &+ 1 == count ? 0 : turn &+ 1
        set(x, Self.value(base, turn))
    }

    /// The packet at pool index `x` carries `entropy`.
    @inline(__always)
    mutating func set(_ x: UInt32, _ entropy: UInt64) {
        let i = Int(x)
        while entropies.count <= i { entropies.append(0) }
        entropies[i] = entropy
    }

    @inline(__always)
    func entropy(_ x: UInt32) -> UInt64 { entropies[Int(x)] }
}
