import FabricKernel
import FabricMetrics
import FabricScenario
import Foundation
import Testing

/// The fuzz corpus (FuzzCorpus/, docs/fuzzing.md): hostile scenarios for every section — alias bombs, sections that
/// are not mappings, wrong types, zero, negative and huge numbers, absurd sizes, invalid UTF-8, deep nesting, huge
/// strings, mixed fabrics — and the findings of the fuzzer. The first line of each file says what must happen:
///
///     # expect: refused KEY.PATH | TEXT     a ScenarioError whose diagnostic at KEY.PATH (- for the file, * for any) is located
///                                          at a line and column and says TEXT
///     # expect: runs                       it validates, runs, and stops by its own end or its stop conditions
///
/// Every file is read under a 2 GiB memory limit, the bound docs/fuzzing.md states for validating any input.
@Suite("Fuzz corpus")
struct FuzzCorpusTests {
    static let directory = ScenarioReferenceTests.repositoryRoot.appendingPathComponent(
        "Tests/FabricSimTests/Scenario/FuzzCorpus")
    static let limits = ResourceLimits.memory(ByteCount(2 << 30))

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }

    enum Expectation: Equatable {
        case refused(path: String, text: String)
        case runs
    }

    static func expectation(of bytes: [UInt8]) -> Expectation? {
        let firstLine = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        guard firstLine.hasPrefix("# expect: ") else { return nil }
        let rest = firstLine.dropFirst("# expect: ".count)
        if rest == "runs" { return .runs }
        guard rest.hasPrefix("refused "), let bar = rest.range(of: " | ") else { return nil }
        let path = String(rest[rest.index(rest.startIndex, offsetBy: "refused ".count)..<bar.lowerBound])
        return .refused(path: path == "-" ? "" : path, text: String(rest[bar.upperBound...]))
    }

    @Test("the corpus covers every section and every kind of hostile input")
    func coverage() {
        let names = Self.files.joined(separator: " ")
        for section in [
            "topology", "network", "workload", "collective", "traffic", "background", "faults", "storage",
            "checkpoint", "failures", "queueing", "phold", "stop", "output",
        ] {
            #expect(names.contains(section), "no corpus file for \(section)")
        }
        for kind in ["alias-bomb", "scalar", "list", "zero", "negative", "huge", "utf8", "nesting", "memory", "runs-"] {
            #expect(names.contains(kind), "no corpus file of kind \(kind)")
        }
    }

    @Test(
        "each corpus file is refused at its key with a located message, or runs within its stop conditions",
        arguments: files)
    func corpusFile(file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(file)))
        let expected = try #require(
            Self.expectation(of: bytes),
            "\(file): the first line must be '# expect: refused PATH | TEXT' or '# expect: runs'")
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(bytes: bytes, file: file, limits: Self.limits)
        } catch {
            guard case .refused(let path, let text) = expected else {
                Issue.record("\(file) was expected to run, but: \(error)")
                return
            }
            let matching = error.diagnostics.first { (path == "*" || $0.path == path) && $0.message.contains(text) }
            #expect(matching != nil, "\(file): no diagnostic at '\(path)' saying '\(text)' in:\n\(error)")
            // A problem of the whole file (empty, no model) has no line; every other names one.
            if let matching, !matching.message.contains("the file is empty") {
                guard case .file = matching.location else {
                    Issue.record("\(file): \(matching) has no line and column")
                    return
                }
            }
            return
        }
        guard expected == .runs else {
            Issue.record("\(file) validated, but was expected to be refused: \(expected)")
            return
        }
        let result = ScenarioRunner(scenario: scenario).run()
        #expect(
            [.idle, .finished, .timeLimit, .eventBudget].contains(result.stopReason),
            "\(file): stopped \(result.stopReason)")
        if scenario.stop.events != .max { #expect(result.events <= UInt64(scenario.stop.events)) }
        if scenario.stop.time != .max { #expect(result.simulatedTime <= scenario.stop.time) }
        #expect(result.events > 0)
    }
}
