/// The characters a scenario may hold, checked before the YAML parser sees them, so that a stray byte is reported
/// by its line, column and code point in plain words rather than by the parser's "control characters are not
/// allowed".
///
/// The rule is YAML 1.1's printable set, which libyaml enforces (its `IS_PRINTABLE`): tab, line feed, carriage
/// return, U+0020–U+007E, U+0085, U+00A0–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF, with a byte-order mark
/// allowed only as the first character. Text must also be valid UTF-8.
enum ScenarioText {
    /// A character a scenario may not hold, and where it is (1-based line and column, columns counting characters
    /// as the YAML parser counts them).
    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    /// The first problem of `bytes`, or nil when they are printable UTF-8 text.
    static func firstProblem(in bytes: some Collection<UInt8>) -> Problem? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var column = 1
        var first = true
        var afterCarriageReturn = false
        while true {
            switch decoder.decode(&iterator) {
            case .emptyInput:
                return nil
            case .error:
                return Problem(
                    line: line, column: column,
                    message:
                        "the file is not valid UTF-8 text here (a byte that starts or continues no character); save it as UTF-8"
                )
            case .scalarValue(let scalar):
                defer { first = false }
                if let message = refusal(of: scalar, atStart: first) {
                    return Problem(line: line, column: column, message: message)
                }
                // Lines end at LF, CR or CR LF, as the YAML parser counts them.
                if scalar == "\n" {
                    if !afterCarriageReturn { line += 1 }
                    column = 1
                } else if scalar == "\r" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                afterCarriageReturn = scalar == "\r"
            }
        }
    }

    /// Why a character is refused, or nil when YAML allows it.
    private static func refusal(of scalar: Unicode.Scalar, atStart: Bool) -> String? {
        let value = scalar.value
        let printable: Bool =
            switch value {
            case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0x10000...0x10FFFF: true
            case 0xFEFF: atStart
            case 0xE000...0xFFFD: true
            default: false
            }
        guard !printable else { return nil }
        let hex = String(value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if value < 0x20 || (0x7F...0x9F).contains(value) {
            return
                "the file holds the control character \(code) here; a scenario is plain text (only tabs, spaces and line breaks)"
        }
        return "the file holds the character \(code) here, which YAML does not allow in a document"
    }
}
