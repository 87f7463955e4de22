import Testing

@testable import FabricKernel

/// How quantities written by people (scenario files, `--set`) become exact integers of the kernel's units.
@Suite("Units: parsing what people write")
struct UnitParsingTests {
    @Test(
        "a bandwidth in bits per second uses decimal prefixes",
        arguments: [
            ("400Gbps", 400_000_000_000),
            ("400G", 400_000_000_000),
            ("400Gb/s", 400_000_000_000),
            ("400Gbit/s", 400_000_000_000),
            ("400 Gbps", 400_000_000_000),
            (" 400 G ", 400_000_000_000),
            ("100Mbps", 100_000_000),
            ("1.6Tbps", 1_600_000_000_000),
            ("25Kbps", 25_000),
            ("25kbps", 25_000),
            ("2.5e9bps", 2_500_000_000),
            ("1_000bps", 1_000),
        ] as [(String, Int64)])
    func bandwidthInBits(text: String, bitsPerSecond: Int64) throws {
        #expect(try Bandwidth.parse(text) == Bandwidth(bitsPerSecond: bitsPerSecond))
    }

    @Test(
        "a bandwidth in bytes per second is eight times as many bits: 50GB/s is 400 Gb/s",
        arguments: [
            ("50GB/s", 400_000_000_000),
            ("50GBps", 400_000_000_000),
            ("50 GB/s", 400_000_000_000),
            ("1B/s", 8),
            ("0.125B/s", 1),
            ("1KiB/s", 8_192),
        ] as [(String, Int64)])
    func bandwidthInBytes(text: String, bitsPerSecond: Int64) throws {
        #expect(try Bandwidth.parse(text) == Bandwidth(bitsPerSecond: bitsPerSecond))
    }

    @Test("binary prefixes on a bandwidth are powers of two")
    func bandwidthBinaryPrefixes() throws {
        #expect(try Bandwidth.parse("1Gibps").bitsPerSecond == 1 << 30)
        #expect(try Bandwidth.parse("3Mi").bitsPerSecond == 3 << 20)
    }

    @Test(
        "a time is an exact number of picoseconds, with no floating-point rounding",
        arguments: [
            ("1.5us", 1_500_000),
            ("600ns", 600_000),
            ("2ms", 2_000_000_000),
            ("3s", 3_000_000_000_000),
            ("250ps", 250),
            ("0s", 0),
            ("0ps", 0),
            ("1.5 us", 1_500_000),
            ("  600ns  ", 600_000),
            ("+5ns", 5_000),
            (".5ns", 500),
            ("1e3ns", 1_000_000),
            ("1.5e-3ms", 1_500_000),
            ("1E-12s", 1),
            ("1_000ns", 1_000_000),
            ("0.000001us", 1),
            ("0.1s", 100_000_000_000), // 0.1 has no exact binary form; here it needs none
            ("9223372036854775807ps", Int64.max),
        ] as [(String, Int64)])
    func time(text: String, picoseconds: Int64) throws {
        #expect(try SimTime.parse(text) == SimTime(picoseconds: picoseconds))
    }

    @Test(
        "a byte count uses decimal prefixes for KB, MB, GB and binary ones for KiB, MiB, GiB",
        arguments: [
            ("32MB", 32_000_000),
            ("4KiB", 4_096),
            ("1.5GiB", 1_610_612_736),
            ("32 MB", 32_000_000),
            ("4kB", 4_000),
            ("4KB", 4_000),
            ("1.5MB", 1_500_000),
            ("0.5KiB", 512),
            ("2TiB", 2 << 40),
            ("1TB", 1_000_000_000_000),
            ("1500B", 1_500),
            ("0B", 0),
        ] as [(String, Int64)])
    func byteCount(text: String, bytes: Int64) throws {
        #expect(try ByteCount.parse(text) == ByteCount(bytes))
    }

    @Test("'never' is the latest representable time, as it is printed")
    func never() throws {
        #expect(try SimTime.parse("never") == .max)
        #expect(try SimTime.parse(" never ") == .max)
        #expect(SimTime("Never") == nil)
    }

    @Test("a bare number is a count of bytes")
    func bareByteCount() throws {
        #expect(try ByteCount.parse("1500") == ByteCount(1_500))
    }

    @Test("the failable initialisers accept what parse accepts and nothing else")
    func losslessInitialisers() {
        #expect(SimTime("1.5us") == SimTime(picoseconds: 1_500_000))
        #expect(SimTime("1.5") == nil)
        #expect(Bandwidth("400G") == .gigabitsPerSecond(400))
        #expect(Bandwidth("400") == nil)
        #expect(ByteCount("4KiB") == ByteCount(4_096))
        #expect(ByteCount("4Kb") == nil)
    }

    @Test("the named constructors agree with the parser")
    func namedConstructors() throws {
        #expect(SimTime.nanoseconds(600) == (try SimTime.parse("600ns")))
        #expect(SimTime.microseconds(3) == (try SimTime.parse("3us")))
        #expect(SimTime.milliseconds(2) == (try SimTime.parse("2ms")))
        #expect(SimTime.seconds(1) == (try SimTime.parse("1s")))
        #expect(Bandwidth.megabitsPerSecond(100) == (try Bandwidth.parse("100Mbps")))
        #expect(SimTime.checked(2, .ms) == SimTime.milliseconds(2))
    }
}
