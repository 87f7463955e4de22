/// The generated parts of a hand-written page: each lies between `<!-- validate:begin NAME -->` and
/// `<!-- validate:end -->` on lines of their own. Rewriting replaces what is between the markers and keeps every
/// other byte, so the prose around a table is edited by hand and the table only by `make validate`.
public struct MarkedSections {
    public static let beginPrefix = "<!-- validate:begin "
    public static let end = "<!-- validate:end -->"

    /// A marker problem, with the line (1-based) where it was found.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var message: String
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    /// The page's lines and, per section name, the range of content lines between its two markers.
    let lines: [Substring]
    public let sections: [(name: String, content: Range<Int>)]

    public init(_ text: String) throws(Problem) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var found: [(name: String, content: Range<Int>)] = []
        var open: (name: String, line: Int)?
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingWhitespace
            if line.hasPrefix(Self.beginPrefix) {
                guard line.hasSuffix("-->") else {
                    throw Problem(line: i + 1, message: "a begin marker must end with -->")
                }
                if let open {
                    throw Problem(line: i + 1, message: "section '\(open.name)' (line \(open.line + 1)) is still open")
                }
                let name = String(line.dropFirst(Self.beginPrefix.count).dropLast(3)).trimmingWhitespace
                guard !name.isEmpty, !name.contains(" ") else {
                    throw Problem(
                        line: i + 1, message: "expected one section name after 'validate:begin', found '\(name)'")
                }
                if found.contains(where: { $0.name == name }) {
                    throw Problem(line: i + 1, message: "section '\(name)' appears twice")
                }
                open = (name, i)
            } else if line == Self.end {
                guard let begun = open else {
                    throw Problem(line: i + 1, message: "an end marker without a begin marker")
                }
                found.append((begun.name, begun.line + 1..<i))
                open = nil
            }
        }
        if let open { throw Problem(line: open.line + 1, message: "section '\(open.name)' has no end marker") }
        sections = found
    }

    /// The text between the markers of `name`, or nil when the page has no such section.
    public func content(of name: String) -> String? {
        sections.first { $0.name == name }.map { lines[$0.content].joined(separator: "\n") }
    }

    /// The page with each named section's content replaced (a trailing newline of the new content is dropped:
    /// the end marker starts its own line). Every name must have a section on the page.
    public func replacing(_ contents: [String: String]) throws(Problem) -> String {
        for name in contents.keys.sorted() where !sections.contains(where: { $0.name == name }) {
            throw Problem(
                line: 0, message: "no '\(Self.beginPrefix)\(name) -->' marker for the generated section '\(name)'")
        }
        var out: [Substring] = []
        var next = 0
        for section in sections {
            guard var body = contents[section.name] else { continue }
            if body.hasSuffix("\n") { body.removeLast() }
            out += lines[next..<section.content.lowerBound]
            if !body.isEmpty { out += body.split(separator: "\n", omittingEmptySubsequences: false) }
            next = section.content.upperBound
        }
        out += lines[next...]
        return out.joined(separator: "\n")
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        String(
            drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                .reversed())
    }
}
