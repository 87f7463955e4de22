import Testing

@testable import FabricKernel

/// Arithmetic across units: serialisation time rounds up, bytes carried round down, and products of large
/// times and rates are computed in 128 bits rather than overflowing on the way.
@Suite("Units: arithmetic across time, rate and size")
struct UnitArithmeticTests {
    @Test(
        "serialisation time is bytes × 8 / rate, exact when it is a whole picosecond",
        arguments: [
            (1, 800, 10), // one byte at 800 Gb/s: 10 ps
            (1_500, 400, 30_000),
            (4_096, 100, 327_680),
            (9_000, 1, 72_000_000),
        ] as [(Int64, Int64, Int64)])
    func exactSerialisation(bytes: Int64, gigabitsPerSecond: Int64, picoseconds: Int64) {
        let rate = Bandwidth.gigabitsPerSecond(gigabitsPerSecond)
        #expect(rate.serializationTime(of: ByteCount(bytes)) == SimTime(picoseconds: picoseconds))
        #expect(ByteCount(bytes) / rate == SimTime(picoseconds: picoseconds))
    }

    @Test("serialisation time rounds up: one byte at 3 Gb/s is 2,666.67 ps, so 2,667 ps")
    func serialisationRoundsUp() {
        #expect(Bandwidth.gigabitsPerSecond(3).serializationTime(of: ByteCount(1)) == SimTime(picoseconds: 2_667))
        #expect(
            Bandwidth(bitsPerSecond: 3).serializationTime(of: ByteCount(1)) == SimTime(picoseconds: 2_666_666_666_667))
        #expect(Bandwidth.gigabitsPerSecond(400).serializationTime(of: .zero) == .zero)
    }

    @Test("bytes carried in a time round down: a partly sent byte has not arrived")
    func bytesRoundDown() {
        let fast = Bandwidth.gigabitsPerSecond(800)
        #expect(fast.bytes(in: SimTime(picoseconds: 10)) == ByteCount(1))
        #expect(fast.bytes(in: SimTime(picoseconds: 9)) == ByteCount(0))
        #expect(fast.bytes(in: SimTime(picoseconds: 19)) == ByteCount(1))
        let slow = Bandwidth.gigabitsPerSecond(3)
        #expect(slow.bytes(in: SimTime(picoseconds: 2_667)) == ByteCount(1))
        #expect(slow.bytes(in: SimTime(picoseconds: 2_666)) == ByteCount(0))
        #expect(SimTime.microseconds(1) * Bandwidth.gigabitsPerSecond(400) == ByteCount(50_000))
    }

    @Test("products too large for 64 bits on the way give the exact result")
    func wideIntermediates() {
        // 1 TiB at 1 Tb/s: bytes × 8 × 10^12 is about 8.8e24, far beyond Int64; the answer is 2^43 ps.
        let tebibyte = ByteCount(1 << 40)
        let terabit = Bandwidth(bitsPerSecond: 1_000_000_000_000)
        #expect(terabit.serializationTime(of: tebibyte) == SimTime(picoseconds: 1 << 43))
        // 10^18 ps (11.6 days) at 1.6 Tb/s: time × rate is 1.6e30; the answer is 2 × 10^17 bytes.
        let rate = Bandwidth(bitsPerSecond: 1_600_000_000_000)
        #expect(rate.bytes(in: SimTime(picoseconds: 1_000_000_000_000_000_000)) == ByteCount(200_000_000_000_000_000))
        // The largest byte count at 8 b/s: exactly its number of seconds.
        let huge = ByteCount(Int64.max / 1_000_000_000_000)
        #expect(
            Bandwidth(bitsPerSecond: 8).serializationTime(of: huge)
                == SimTime(picoseconds: huge.bytes * 1_000_000_000_000))
    }

    @Test("serialisation time is the least time that carries the bytes, for generated sizes and rates below 8 Tb/s")
    func serialisationIsTight() {
        var stream = RandomStream(seed: 7, name: "tests.units.serialisation")
        for _ in 0..<20_000 {
            let bytes = ByteCount(Int64(stream.nextIndex(below: 1 << 32)))
            let rate = Bandwidth(bitsPerSecond: 1 + Int64(stream.nextIndex(below: 8_000_000_000_000 - 1)))
            let time = rate.serializationTime(of: bytes)
            #expect(rate.bytes(in: time) == bytes, "\(bytes) at \(rate)")
            if bytes.bytes > 0 {
                #expect(rate.bytes(in: time - SimTime(picoseconds: 1)) < bytes, "\(bytes) at \(rate)")
            }
        }
    }

    @Test("the bytes a rate carries in a time never take longer than that time to send")
    func bytesFitInTime() {
        var stream = RandomStream(seed: 8, name: "tests.units.bytes-in")
        for _ in 0..<20_000 {
            let time = SimTime(picoseconds: Int64(stream.nextIndex(below: 1 << 45)))
            let rate = Bandwidth(bitsPerSecond: 1 + Int64(stream.nextIndex(below: 1 << 42)))
            #expect(rate.serializationTime(of: rate.bytes(in: time)) <= time, "\(time) at \(rate)")
        }
    }

    @Test("the average rate of bytes over a time rounds down to a whole bit per second")
    func averageRate() {
        #expect(ByteCount(1_000_000).rate(over: .milliseconds(1)) == .gigabitsPerSecond(8))
        #expect(ByteCount(1).rate(over: SimTime(picoseconds: 3)) == Bandwidth(bitsPerSecond: 2_666_666_666_666))
        #expect(ByteCount(1 << 40).rate(over: .seconds(1)) == Bandwidth(bitsPerSecond: 8 << 40))
    }

    @Test("conversions that could overflow report it instead of wrapping")
    func checkedConversions() {
        #expect(SimTime.checked(Int64.max, .s) == nil)
        #expect(SimTime.checked(9_223_373, .s) == nil)
        #expect(SimTime.checked(9_223_372, .s) == SimTime(picoseconds: 9_223_372_000_000_000_000))
        #expect(SimTime.max.adding(SimTime(picoseconds: 1)) == nil)
        #expect(SimTime(picoseconds: 5).adding(SimTime(picoseconds: 7)) == SimTime(picoseconds: 12))
    }

    @Test("a sampled duration in seconds becomes the nearest picosecond")
    func secondsRounded() {
        #expect(SimTime(secondsRounded: 1.5e-6) == SimTime(picoseconds: 1_500_000))
        #expect(SimTime(secondsRounded: 2.4e-12) == SimTime(picoseconds: 2))
        #expect(SimTime(secondsRounded: 2.6e-12) == SimTime(picoseconds: 3))
        #expect(SimTime(picoseconds: 1_500_000).seconds == 1.5e-6)
    }

    @Test("an exact decimal rounds to the nearest integer, halves away from zero")
    func scaledRounded() throws {
        func rounded(_ text: String, by factor: Int64 = 1) throws -> Int64? {
            try ExactDecimal.split(text, quantity: "number").0.scaledRounded(by: factor)
        }
        #expect(try rounded("2.5") == 3)
        #expect(try rounded("-2.5") == -3)
        #expect(try rounded("2.4999") == 2)
        #expect(try rounded("0.0015", by: 1_000) == 2)
        #expect(try rounded("1e19") == nil)
    }
}
