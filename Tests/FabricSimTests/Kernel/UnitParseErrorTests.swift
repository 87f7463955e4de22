import Testing

@testable import FabricKernel

/// Every way a quantity can be mistyped gives a `UnitParseError` that quotes the text, names the quantity and
/// says what is wrong, so the scenario layer can add only the file, key and line.
@Suite("Units: every parse error says what is wrong")
struct UnitParseErrorTests {
    /// The error `parse` throws for `text`, or nil (and a recorded issue) if it accepted the text.
    private func timeError(_ text: String) -> UnitParseError? {
        #expect(throws: UnitParseError.self) { try SimTime.parse(text) }
    }

    private func bandwidthError(_ text: String) -> UnitParseError? {
        #expect(throws: UnitParseError.self) { try Bandwidth.parse(text) }
    }

    private func byteCountError(_ text: String) -> UnitParseError? {
        #expect(throws: UnitParseError.self) { try ByteCount.parse(text) }
    }

    @Test(
        "a time that cannot be read names the reason",
        arguments: [
            ("", "does not start with a number"),
            ("   ", "does not start with a number"),
            ("us", "does not start with a number"),
            ("fast", "does not start with a number"),
            ("-", "does not start with a number"),
            ("1.5", "it has no unit"),
            ("600", "it has no unit"),
            ("200days", "'days' is not a time unit"),
            ("1.5US", "'US' is not a time unit"),
            ("1.5 u s", "'u s' is not a time unit"),
            ("1..5ns", "'.5ns' is not a time unit"),
            ("1.5ps", "not a whole number of picoseconds"),
            ("0.0001ns", "not a whole number of picoseconds"),
            ("1e-13s", "not a whole number of picoseconds"),
            ("-5ns", "it is negative"),
            ("-1ps", "it is negative"),
            ("1e20s", "exceeds the longest representable time"),
            ("10000000s", "exceeds the longest representable time"),
            ("9223372036854775808ps", "exceeds the longest representable time"),
            ("1e30s", "exceeds the longest representable time"),
            ("999999999999999999999999999999s", "exceeds the longest representable time"),
            // 30 digits × 10^12 ps/s overflows even 128 bits: still "too large" when whole, "not whole" when not.
            ("12345678901234567890.0000000000s", "exceeds the longest representable time"),
            ("1.23456789012345678901234567890s", "not a whole number of picoseconds"),
            ("1234567890123456789012345678901ns", "more than 30 digits"),
        ] as [(String, String)])
    func timeErrors(text: String, reason: String) {
        guard let error = timeError(text) else { return }
        #expect(error.reason.contains(reason), "reason was: \(error.reason)")
        #expect(error.text == text)
        #expect(error.quantity == "time")
    }

    @Test("a time without a unit, or with an unknown one, lists the units to write")
    func timeUnitHelp() {
        for text in ["1.5", "3 days"] {
            guard let error = timeError(text) else { continue }
            #expect(error.reason.contains("ps, ns, us, ms, s"), "reason was: \(error.reason)")
        }
    }

    @Test(
        "a bandwidth that cannot be read names the reason",
        arguments: [
            ("", "does not start with a number"),
            ("Gbps", "does not start with a number"),
            ("400", "it has no unit"),
            ("400g", "'g' is not a bandwidth unit"),
            ("400Gbs", "'Gbs' is not a bandwidth unit"),
            ("400GiB", "'GiB' is not a bandwidth unit"),
            ("0.5bps", "not a whole number of bits per second"),
            ("0.1B/s", "not a whole number of bits per second"),
            ("-400G", "greater than zero"),
            ("0Gbps", "greater than zero"),
            ("1e20Gbps", "too large"),
            ("1e40Gbps", "too large"),
        ] as [(String, String)])
    func bandwidthErrors(text: String, reason: String) {
        guard let error = bandwidthError(text) else { return }
        #expect(error.reason.contains(reason), "reason was: \(error.reason)")
        #expect(error.text == text)
        #expect(error.quantity == "bandwidth")
    }

    @Test(
        "a byte count that cannot be read names the reason",
        arguments: [
            ("", "does not start with a number"),
            ("MB", "does not start with a number"),
            ("0.5B", "not a whole number of bytes"),
            ("0.1KiB", "not a whole number of bytes"),
            ("1.0000001MB", "not a whole number of bytes"),
            ("-1B", "it is negative"),
            ("-4KiB", "it is negative"),
            ("4K", "'K' is not a size unit"),
            ("4Kb", "'Kb' is not a size unit"),
            ("32mb", "'mb' is not a size unit"),
            ("32MBps", "'MBps' is not a size unit"),
            ("1e19B", "too large"),
            ("9EiB", "'EiB' is not a size unit"),
            ("8388608TiB", "too large"),
            ("1e40B", "too large"),
        ] as [(String, String)])
    func byteCountErrors(text: String, reason: String) {
        guard let error = byteCountError(text) else { return }
        #expect(error.reason.contains(reason), "reason was: \(error.reason)")
        #expect(error.text == text)
        #expect(error.quantity == "byte count")
    }

    @Test("the message quotes the text, names the quantity and gives the reason")
    func messageShape() {
        guard let error = timeError("1.5ps") else { return }
        #expect(error.description == "'1.5ps' is not a valid time: it is not a whole number of picoseconds")
    }
}
