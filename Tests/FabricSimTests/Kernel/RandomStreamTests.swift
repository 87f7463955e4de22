import Testing

@testable import FabricKernel

/// Seeded random streams: the exact generator the design names, one independent stream per purpose, and
/// draws that are uniform where they claim to be.
@Suite("Random: seeded streams and the generator behind them")
struct RandomStreamTests {
    private static func draws(_ stream: inout RandomStream, _ count: Int) -> [UInt64] {
        (0..<count).map { _ in stream.next() }
    }

    // MARK: Known answers

    // The expected values below were computed once, independently of this code base, by a dozen lines of
    // Python with explicit 64-bit masking (`& (2**64 - 1)` after every add, multiply and shift) transcribing
    // SplitMix64 (Steele, Lea and Flood 2014; constants 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9,
    // 0x94D049BB133111EB), xoshiro256** (Blackman and Vigna 2021: result = rotl(s1 × 5, 7) × 9, t = s1 << 17,
    // rotation 45) and 64-bit FNV-1a. SplitMix64(0)'s first output and FNV-1a("a") also match the values
    // published by their authors.

    @Test("SplitMix64 started at 0 gives the published sequence")
    func splitMix64KnownAnswer() {
        var mixer = SplitMix64(state: 0)
        #expect(
            (0..<3).map { _ in mixer.next() } == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test(
        "xoshiro256** seeded through SplitMix64 gives the reference outputs",
        arguments: [
            (
                0,
                [
                    0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C,
                    0xBBA5_AD4A_1F84_2E59,
                ]
            ),
            (
                12_345,
                [
                    0xBE6A_3637_4160_D49B, 0x214A_AA06_37A6_88C6, 0xF69D_16DE_9954_D388, 0x0C60_048C_4E96_E033,
                    0x8E20_76AE_ED51_C648,
                ]
            ),
        ] as [(UInt64, [UInt64])])
    func xoshiroKnownAnswer(seed: UInt64, expected: [UInt64]) {
        var generator = Xoshiro256StarStar(seed: seed)
        #expect((0..<expected.count).map { _ in generator.next() } == expected)
    }

    @Test("FNV-1a-64 of a name gives the published values")
    func fnv1aKnownAnswer() {
        #expect(RandomStream.fnv1a("") == 0xCBF2_9CE4_8422_2325)
        #expect(RandomStream.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(RandomStream.fnv1a("phold") == 0x3203_9F6B_DE8C_8136)
    }

    @Test("a named stream is xoshiro256** seeded with SplitMix64(seed XOR FNV-1a(name)), as documented")
    func streamDerivationKnownAnswer() {
        // The C++ PHOLD reference reproduces exactly this derivation; seed 42, stream "phold".
        var stream = RandomStream(seed: 42, name: "phold")
        #expect(
            Self.draws(&stream, 4) == [
                0x0FA3_6DF5_E6BF_2CA3, 0x9866_0CB4_67C3_BBBA, 0xE5B8_2D65_C4F1_ED96, 0x3358_1DA0_6FA2_3BFF,
            ])
    }

    // MARK: Reproducibility and independence

    @Test("the same seed and name give the same sequence")
    func reproducible() {
        var a = RandomStream(seed: 2024, name: "workload.jitter")
        var b = RandomStream(seed: 2024, name: "workload.jitter")
        #expect(Self.draws(&a, 1_000) == Self.draws(&b, 1_000))
    }

    @Test("a different name or a different seed gives a different sequence")
    func differentSeedOrName() {
        var base = RandomStream(seed: 2024, name: "workload.jitter")
        var otherName = RandomStream(seed: 2024, name: "workload.jitteR")
        var otherSeed = RandomStream(seed: 2025, name: "workload.jitter")
        let a = Self.draws(&base, 100)
        let b = Self.draws(&otherName, 100)
        let c = Self.draws(&otherSeed, 100)
        // Not merely different: no position agrees.
        #expect(zip(a, b).allSatisfy { $0 != $1 })
        #expect(zip(a, c).allSatisfy { $0 != $1 })
    }

    @Test("streams from adjacent seeds look unrelated: outputs differ in half their bits on average")
    func adjacentSeedsDecorrelated() {
        var total = 0
        let count = 2_000
        for seed in 0..<20 as Range<UInt64> {
            var a = RandomStream(seed: seed, name: "x")
            var b = RandomStream(seed: seed + 1, name: "x")
            for _ in 0..<count / 20 { total += (a.next() ^ b.next()).nonzeroBitCount }
        }
        // 32 bits expected, standard deviation 4 per draw, so 0.09 for the mean of 2,000: allow 0.5.
        let mean = Double(total) / Double(count)
        #expect(abs(mean - 32) < 0.5, "mean Hamming distance \(mean)")
    }

    @Test("drawing from one stream does not change what another produces")
    func independentStreams() {
        var alone = RandomStream(seed: 7, name: "ecmp.salt")
        let expected = Self.draws(&alone, 500)
        var busy = RandomStream(seed: 7, name: "background.traffic")
        var salt = RandomStream(seed: 7, name: "ecmp.salt")
        var interleaved: [UInt64] = []
        for i in 0..<500 {
            for _ in 0..<(i % 5) { _ = busy.next() }
            _ = busy.nextUnit()
            interleaved.append(salt.next())
        }
        #expect(interleaved == expected)
    }

    // MARK: Uniform draws

    @Test("nextUnit lies in [0, 1) and is a multiple of 2^-53")
    func unitInterval() {
        var stream = RandomStream(seed: 3, name: "tests.random.unit")
        var minimum = 1.0
        var maximum = 0.0
        var sum = 0.0
        var outside = 0
        var offGrid = 0
        let count = 200_000
        for _ in 0..<count {
            let u = stream.nextUnit()
            if !(u >= 0 && u < 1) { outside += 1 }
            if (u * 0x1p53).rounded(.towardZero) != u * 0x1p53 { offGrid += 1 }
            minimum = min(minimum, u)
            maximum = max(maximum, u)
            sum += u
        }
        #expect(outside == 0)
        #expect(offGrid == 0)
        #expect(minimum < 1e-4)
        #expect(maximum > 1 - 1e-4)
        // Mean 1/2, standard error sqrt(1/12/n) = 0.00065.
        #expect(abs(sum / Double(count) - 0.5) < 0.003)
    }

    @Test(
        "nextIndex(below:) stays below its bound",
        arguments: [1, 2, 3, 7, 1_000, 1 << 32, (1 << 63) + 1, UInt64.max] as [UInt64])
    func indexInRange(bound: UInt64) {
        var stream = RandomStream(seed: bound, name: "tests.random.index-range")
        var seenNonZero = false
        var outOfRange = 0
        for _ in 0..<20_000 {
            let index = stream.nextIndex(below: bound)
            if index >= bound { outOfRange += 1 }
            if index != 0 { seenNonZero = true }
        }
        #expect(outOfRange == 0)
        #expect(seenNonZero == (bound > 1))
    }

    /// Pearson's chi-square statistic of observed counts against equal expected counts.
    private static func chiSquare(_ counts: [Int]) -> Double {
        let expected = Double(counts.reduce(0, +)) / Double(counts.count)
        return counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
    }

    @Test("nextIndex(below: 10) is uniform: chi-square with 9 degrees of freedom stays small")
    func indexUniformSmallBound() {
        var stream = RandomStream(seed: 99, name: "tests.random.chi-square")
        var counts = Array(repeating: 0, count: 10)
        for _ in 0..<200_000 { counts[Int(stream.nextIndex(below: 10))] += 1 }
        // P(chi-square(9) > 33.7) = 1e-4.
        let statistic = Self.chiSquare(counts)
        #expect(statistic < 33.7, "chi-square \(statistic), counts \(counts)")
    }

    @Test("nextIndex has no modulo bias even where a remainder would be badly biased")
    func indexUnbiasedLargeBound() {
        // With bound 3 × 2^62, `next() % bound` would put half of all draws in the lowest third. The
        // three thirds must instead be equally likely.
        let bound: UInt64 = 3 << 62
        var stream = RandomStream(seed: 1, name: "tests.random.bias")
        var thirds = [0, 0, 0]
        for _ in 0..<60_000 { thirds[Int(stream.nextIndex(below: bound) >> 62)] += 1 }
        // P(chi-square(2) > 18.4) = 1e-4.
        let statistic = Self.chiSquare(thirds)
        #expect(statistic < 18.4, "chi-square \(statistic), counts \(thirds)")
    }

    @Test("a stream is a RandomNumberGenerator the standard library can use")
    func standardLibraryInterop() {
        var a = RandomStream(seed: 8, name: "tests.random.stdlib")
        var b = RandomStream(seed: 8, name: "tests.random.stdlib")
        let shuffledA = (0..<50).shuffled(using: &a)
        let shuffledB = (0..<50).shuffled(using: &b)
        #expect(shuffledA == shuffledB)
        #expect(shuffledA != Array(0..<50))
        #expect(shuffledA.sorted() == Array(0..<50))
    }
}
