import Foundation

/// The examples of README.md, read from their markers, and the rules by which an example's output block is compared
/// with what its command prints. README.md's "How the examples are checked" says the same to a reader.
///
/// An example starts at a line `<!-- example: NAME [exit: N] [expensive] -->` and is made of the fenced blocks that
/// follow it: any number of files, each a block after a `<!-- file: PATH -->` line, that are written before the
/// commands run; one `sh` block of commands, one per line (`#` starts a comment; `fabricsim` and
/// `.build/release/fabricsim` name the tool under test); and, directly after the commands, an optional plain block:
/// the expected output (standard output, then standard error) of the last command. Every command but the last must
/// exit 0, the last one `exit:` (default 0).
struct ReadmeExample {
    var name: String
    /// The line of the `<!-- example: ... -->` marker (1-based).
    var line: Int
    var exitStatus: Int32
    /// Too slow for a debug test suite: checked in full only with FABRICSIM_README_EXPENSIVE=1 (`make readme`);
    /// otherwise its last command runs with `reduced` appended (a `<!-- reduced: ARGUMENTS -->` line) and only the
    /// shape of its output is compared (ReadmeExamplesTests).
    var expensive: Bool
    var reduced: String?
    var files: [(path: String, contents: String)]
    var commands: [String]
    /// The expected output and the README lines it spans, if the example has one.
    var output: [String]?
    var outputLines: ClosedRange<Int>?

    /// What an example's checks compare: the directory the commands ran in is removed from paths, spaces at the
    /// ends of lines and blank lines at the end are dropped, and the wall-clock figures of a `wall time` line (its
    /// times and rates) are replaced by `…`, since they describe the machine and not the model; so are progress lines
    /// dropped.
    static func normalised(_ text: String, removing directory: String? = nil) -> [String] {
        var text = text
        if let directory { text = text.replacingOccurrences(of: directory + "/", with: "") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = String(line)
            while line.last == " " { line.removeLast() }
            return line.hasPrefix("wall time ") ? wallClockHidden(line) : line
        }
        // Progress lines (standard error not a terminal, a run of more than 5 s) say how fast the machine is.
        lines.removeAll { $0.hasPrefix("progress ") }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// `wall time 9.966 s · 3.45M events/s · results in …` → `wall time … · … events/s · results in …`.
    static func wallClockHidden(_ line: String) -> String {
        line.split(separator: "·", omittingEmptySubsequences: false).map { part -> String in
            let words = part.split(separator: " ")
            if part.hasPrefix("wall time ") { return "wall time … " }
            if words.count == 2, words[1].hasSuffix("/s") { return " … \(words[1]) " }
            return String(part)
        }.joined(separator: "·").trimmingCharacters(in: .whitespaces)
    }

    /// Whether `actual` is what `expected` describes: equal line by line, where a line `...` stands for any number of
    /// lines (none included) and a line ending in `...` for any line that begins with the text before it. Nil if it
    /// is; otherwise the index of the first expected line no reading of the elisions can match, or
    /// `expected.count` if the output goes on after the block's last line.
    static func mismatch(expected: [String], actual: [String]) -> Int? {
        // The positions in `actual` that the first i expected lines can take us to.
        var reachable: Set<Int> = [0]
        for (i, line) in expected.enumerated() {
            var next: Set<Int> = []
            for j in reachable {
                if line == "..." {
                    next.formUnion(j...actual.count)
                } else if j < actual.count, lineMatches(line, actual[j]) {
                    next.insert(j + 1)
                }
            }
            if next.isEmpty { return i }
            reachable = next
        }
        return reachable.contains(actual.count) ? nil : expected.count
    }

    static func lineMatches(_ expected: String, _ actual: String) -> Bool {
        expected.hasSuffix("...") ? actual.hasPrefix(expected.dropLast(3)) : expected == actual
    }

    /// The examples of a README's text, in order.
    static func parse(_ text: String) throws -> [ReadmeExample] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var examples: [ReadmeExample] = []
        var i = 0
        while i < lines.count {
            guard let marker = Marker(lines[i], keyword: "example") else {
                i += 1
                continue
            }
            var example = ReadmeExample(
                name: marker.name, line: i + 1, exitStatus: 0, expensive: false, reduced: nil, files: [],
                commands: [])
            for option in marker.options {
                if option == "expensive" {
                    example.expensive = true
                } else if option.hasPrefix("exit:"), let status = Int32(option.dropFirst(5)) {
                    example.exitStatus = status
                } else {
                    throw Problem(line: i + 1, message: "unknown option '\(option)' of example '\(marker.name)'")
                }
            }
            i += 1
            var pendingFile: String?
            func skipBlank() {
                while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).isEmpty { i += 1 }
            }
            /// The block opening at line i: its language and body; i moves past it.
            func block() throws -> (language: String, body: [String], lines: ClosedRange<Int>) {
                let language = String(lines[i].dropFirst(3))
                let start = i + 1
                guard let end = lines[start...].firstIndex(where: { $0.hasPrefix("```") }) else {
                    throw Problem(line: i + 1, message: "a block of example '\(example.name)' is not closed")
                }
                i = end + 1
                return (language, Array(lines[start..<end]), (start + 1)...max(start + 1, end))
            }
            // Files, then the commands, then perhaps the output; blank lines between them.
            while true {
                skipBlank()
                guard i < lines.count else { break }
                if let file = Marker(lines[i], keyword: "file") {
                    pendingFile = file.name
                    i += 1
                    continue
                }
                if let reduced = Marker(lines[i], keyword: "reduced") {
                    example.reduced = ([reduced.name] + reduced.options).joined(separator: " ")
                    i += 1
                    continue
                }
                guard lines[i].hasPrefix("```") else { break }
                let (language, body, _) = try block()
                if let path = pendingFile {
                    example.files.append((path, body.joined(separator: "\n") + "\n"))
                    pendingFile = nil
                    continue
                }
                guard language == "sh" else {
                    throw Problem(
                        line: i,
                        message: "example '\(example.name)' has a '\(language)' block where its sh commands belong")
                }
                example.commands = commands(body)
                skipBlank()
                if i < lines.count, lines[i] == "```" || lines[i] == "```text" {
                    let (_, output, span) = try block()
                    example.output = output
                    example.outputLines = span
                }
                break
            }
            if example.commands.isEmpty {
                throw Problem(line: example.line, message: "example '\(example.name)' has no sh block of commands")
            }
            if example.expensive, example.reduced == nil {
                throw Problem(
                    line: example.line, message: "expensive example '\(example.name)' has no <!-- reduced: ... --> line"
                )
            }
            examples.append(example)
        }
        return examples
    }

    /// The command lines of a `sh` block: comments and blank lines dropped, `\` continuations joined.
    static func commands(_ body: [String]) -> [String] {
        var commands: [String] = []
        var pending = ""
        for raw in body {
            var line = raw
            if let hash = line.range(of: " #") ?? (line.hasPrefix("#") ? line.range(of: "#") : nil) {
                line = String(line[..<hash.lowerBound])
            }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            line = pending + line
            pending = ""
            if !line.isEmpty { commands.append(line) }
        }
        return commands
    }

    /// `<!-- KEYWORD: NAME OPTION... -->`.
    struct Marker {
        var name: String
        var options: [String]

        init?(_ line: String, keyword: String) {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("<!-- \(keyword):"), text.hasSuffix("-->") else { return nil }
            let words = text.dropFirst("<!-- \(keyword):".count).dropLast(3).split(separator: " ").map(String.init)
            guard let name = words.first else { return nil }
            self.name = name
            options = []
            var k = 1
            while k < words.count {
                // `exit: 2` and `exit:2` alike.
                if words[k].hasSuffix(":"), k + 1 < words.count {
                    options.append(words[k] + words[k + 1])
                    k += 2
                } else {
                    options.append(words[k])
                    k += 1
                }
            }
        }
    }

    struct Problem: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "README.md:\(line): \(message)" }
    }
}
