import Foundation
import Testing

/// README.md's examples, run: each command on the tool built beside this test bundle, in a scratch directory that
/// holds the repository's `scenarios/`, its output compared with the block under it by the rules of
/// `ReadmeExample` (README.md, "How the examples are checked", says them to a reader). A failure names the example,
/// the README lines of its block and the first line that no longer matches, and prints the command's output in full
/// to paste in.
@Suite("README examples", .serialized)
struct ReadmeExamplesTests {
    static let readme = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("README.md")

    static var examples: [ReadmeExample] {
        (try? ReadmeExample.parse(String(contentsOf: readme, encoding: .utf8))) ?? []
    }

    /// FABRICSIM_README_BINARY, or the debug tool beside the tests.
    static var binary: String {
        ProcessInfo.processInfo.environment["FABRICSIM_README_BINARY"] ?? CommandLineTests.executable.path
    }

    static var everything: Bool { ProcessInfo.processInfo.environment["FABRICSIM_README_EXPENSIVE"] == "1" }

    @Test("README.md's examples are marked, parse, and have unique names")
    func examplesParse() throws {
        let parsed = try ReadmeExample.parse(String(contentsOf: Self.readme, encoding: .utf8))
        #expect(parsed.count >= 7, "\(parsed.map(\.name))")
        #expect(Set(parsed.map(\.name)).count == parsed.count)
        #expect(parsed.filter { $0.output != nil }.count >= 5)
    }

    @Test("each README example's commands succeed and print what its block shows", arguments: examples.map(\.name))
    func example(_ name: String) throws {
        let example = try #require(Self.examples.first { $0.name == name })
        let directory = try CommandLineTests().temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent("scenarios"),
            withDestinationURL: ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios"))
        for file in example.files {
            try file.contents.write(to: directory.appendingPathComponent(file.path), atomically: true, encoding: .utf8)
        }
        let cheap = example.expensive && !Self.everything
        let place = "README.md:\(example.line), example '\(name)'"
        var outcome: CommandLineTests.Outcome?
        for (k, command) in example.commands.enumerated() {
            let last = k == example.commands.count - 1
            let line = last && cheap ? command + " " + (example.reduced ?? "") : command
            let result = try Self.shell(line, in: directory)
            let expected = last ? example.exitStatus : 0
            #expect(
                result.status == expected,
                "\(place): `\(line)` exited \(result.status), expected \(expected)\n\(result.stderr)")
            if last { outcome = result }
        }
        guard let expected = example.output, let outcome, let span = example.outputLines else { return }
        let actual = ReadmeExample.normalised(outcome.stdout + outcome.stderr, removing: directory.path)
        let wanted = expected.map { ReadmeExample.normalised($0).first ?? "" }
        let block = "the output block at README.md lines \(span.lowerBound)–\(span.upperBound)"
        let command = example.commands.last ?? ""
        if cheap {
            // The shape only: the first line, and each line's first word in order (metric names, check marks,
            // table names), from the reduced run.
            #expect(
                actual.first == wanted.first,
                "\(place): the first line of \(block) is not what `\(command)` prints first now: \(actual.first ?? "")")
            let words = wanted.filter { $0 != "..." }.compactMap { $0.split(separator: " ").first.map(String.init) }
            var remaining = actual.compactMap { $0.split(separator: " ").first.map(String.init) }[...]
            for word in words {
                guard let found = remaining.firstIndex(of: word) else {
                    Issue.record(
                        "\(place): \(block) has a line starting '\(word)' that `\(command)` (reduced: \(example.reduced ?? "")) no longer prints in that order. Its output now:\n\(actual.joined(separator: "\n"))"
                    )
                    return
                }
                remaining = remaining[(found + 1)...]
            }
            return
        }
        if let i = ReadmeExample.mismatch(expected: wanted, actual: actual) {
            let at =
                i < expected.count
                ? "line \(span.lowerBound + i) ('\(expected[i])') no longer matches"
                : "the command now prints more than the block shows"
            Issue.record(
                """
                \(place): update \(block): \(at). `\(command)` now prints (normalised; keep '...' where lines are elided):
                \(actual.joined(separator: "\n"))
                """)
        }
    }

    /// Runs one README command line with bash in `directory`, `fabricsim` and `.build/release/fabricsim` being the tool
    /// under test. Killed after 10 minutes, so a hang fails the test instead of stopping the suite.
    static func shell(_ command: String, in directory: URL) throws -> CommandLineTests.Outcome {
        let line = command.replacingOccurrences(of: ".build/release/fabricsim", with: "fabricsim")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "fabricsim() { \"$FABRICSIM_UNDER_TEST\" \"$@\"; }\n" + line]
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(["FABRICSIM_UNDER_TEST": binary]) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = DispatchTime.now() + .seconds(600)
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: watchdog)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return CommandLineTests.Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
