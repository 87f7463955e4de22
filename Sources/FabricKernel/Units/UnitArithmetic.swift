// Mixed-unit arithmetic. Products go through 128-bit integers, so `time × rate` cannot overflow in the middle;
// a result that does not fit in 64 bits traps, like any other overflow, rather than wrapping.

extension Bandwidth {
    /// Time to put `bytes` on a wire of this rate: bytes × 8 / rate, **rounded up** to the next picosecond, so a
    /// packet never finishes earlier than physics allows (one byte at 800 Gb/s is exactly 10 ps; at 3 Gb/s it is
    /// 2,666.67 ps, which becomes 2,667 ps).
    @inlinable public func serializationTime(of bytes: ByteCount) -> SimTime {
        let numerator = Int128(bytes.rawValue) * 8 * 1_000_000_000_000
        let rate = Int128(rawValue)
        let (q, r) = numerator.quotientAndRemainder(dividingBy: rate)
        return SimTime(rawValue: Int64(q + (r > 0 ? 1 : 0)))
    }

    /// Whole bytes this rate carries in `time`, **rounded down** (a partly sent byte has not arrived).
    @inlinable public func bytes(in time: SimTime) -> ByteCount {
        let bits = Int128(time.rawValue) * Int128(rawValue) / 1_000_000_000_000
        return ByteCount(rawValue: Int64(bits / 8))
    }
}

extension ByteCount {
    /// The rate that moves these bytes in `time`, rounded down to a whole bit per second.
    public func rate(over time: SimTime) -> Bandwidth {
        precondition(time.rawValue > 0, "a rate over zero time is undefined")
        return Bandwidth(rawValue: Int64(Int128(rawValue) * 8 * 1_000_000_000_000 / Int128(time.rawValue)))
    }

    @inlinable public static func / (bytes: ByteCount, rate: Bandwidth) -> SimTime { rate.serializationTime(of: bytes) }
}

extension SimTime {
    @inlinable public static func * (time: SimTime, rate: Bandwidth) -> ByteCount { rate.bytes(in: time) }
}
