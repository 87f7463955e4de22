/// Something that sees every event a run handles, just before the model does: `Simulator.run(observer:)`.
///
/// The run loop is specialised per observer type, so the plain loop (`NoEventObserver`) compiles to what it was
/// without the hook, and an observer pays only for its own work.
public protocol EventObserver {
    mutating func observe(_ event: Event)
}

/// The observer of plain runs: it does nothing, and specialisation removes it.
public struct NoEventObserver: EventObserver {
    @inlinable public init() {}
    @inlinable public mutating func observe(_ event: Event) {}
}

/// A 64-bit hash of an event stream: the time, target and kind of every event, in order (`--fingerprint`).
///
/// Two runs with equal fingerprints handled the same events at the same times in the same order, which makes a
/// determinism check one comparison (the idea is OMNeT++'s fingerprints). A run made of episodes (training steps,
/// collective sizes) folds each episode's events into the same value, so the fingerprint covers them too.
public struct EventFingerprint: EventObserver, Sendable, Equatable {
    /// Starts from a fixed non-zero value, so an empty stream has a recognisable fingerprint.
    @usableFromInline var hash: UInt64 = 0x6A09_E667_F3BC_C908

    public var value: UInt64 { hash }

    @inlinable public init() {}

    @inlinable
    public mutating func observe(_ event: Event) {
        hash = Self.mix(hash, UInt64(bitPattern: event.time.rawValue))
        hash = Self.mix(hash, UInt64(event.target.rawValue) << 32 | UInt64(event.kind.rawValue))
    }

    /// One round of a multiply-xorshift mix (the finaliser of MurmurHash3, applied to the running hash xor the
    /// word): every input bit affects every output bit, and the order of words matters.
    @inlinable @inline(__always)
    static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        var x = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}
