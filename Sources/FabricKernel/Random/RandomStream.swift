/// One independent, reproducible stream of random numbers, named for its purpose ("workload.jitter",
/// "ecmp.salt", "phold").
///
/// Each stream's seed is derived from the scenario seed and the stream's name, so adding a stream, or drawing
/// more numbers from one, never changes what another stream produces: changing the background traffic of a
/// scenario does not reshuffle its compute jitter.
///
/// The derivation is fixed and documented (docs/design/0003-random-streams.md) because external references
/// (the C++ PHOLD in Benchmarks/reference/) reproduce it bit for bit: stream seed = SplitMix64 output of
/// (scenario seed XOR FNV-1a-64 of the UTF-8 name).
public struct RandomStream: RandomNumberGenerator, Sendable {
    @usableFromInline var generator: Xoshiro256StarStar

    public init(seed: UInt64, name: String) {
        var mixer = SplitMix64(state: seed ^ RandomStream.fnv1a(name))
        generator = Xoshiro256StarStar(seed: mixer.next())
    }

    @inlinable public mutating func next() -> UInt64 { generator.next() }

    /// A uniform double in [0, 1), from the top 53 bits: every value is a multiple of 2^−53.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound, without modulo bias (Lemire, "Fast random integer generation in an
    /// interval", ACM TOMACS 2019): one multiply, and a rejection only in the rare biased zone.
    @inlinable
    public mutating func nextIndex(below bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// 64-bit FNV-1a of the name's UTF-8 bytes.
    public static func fnv1a(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
