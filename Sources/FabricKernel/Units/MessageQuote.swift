/// A value written by a user, quoted in an error message so that the message stays readable whatever was written:
/// a 100 KB value is shown by its start and its length, and line breaks and tabs are shown as escapes so that one
/// diagnostic stays on one line of a log.
public enum MessageQuote {
    /// Characters of a value shown before it is cut; enough for any real key, unit or name.
    public static let maximumCharacters = 60

    /// `'400Gbps'`, or `'xxxxxxxx…' (100000 characters)` for a value longer than `maximumCharacters`.
    public static func quoted(_ text: String) -> String {
        let count = text.count
        let shown = count > maximumCharacters ? String(text.prefix(maximumCharacters - 20)) + "…" : text
        let escaped = shown.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: String(scalar)
            }
        }.joined()
        return count > maximumCharacters ? "'\(escaped)' (\(count) characters)" : "'\(escaped)'"
    }
}
