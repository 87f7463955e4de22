import FabricKernel
import FabricScenario
import Testing

/// The reader's bounds and messages on hostile text: alias bombs, deep nesting, stray bytes, structures where a
/// section belongs. Each is refused with one located diagnostic in plain words, never a trap or a hang.
@Suite("Scenario reader")
struct ScenarioReaderTests {
    func diagnostics(_ text: String, overrides: [String] = []) -> [ScenarioDiagnostic] {
        diagnostics(bytes: Array(text.utf8), overrides: overrides)
    }

    func diagnostics(bytes: [UInt8], overrides: [String] = []) -> [ScenarioDiagnostic] {
        do {
            let root = try ScenarioSource.parse(bytes: bytes, file: "test.yaml")
            _ = root
            _ = try ScenarioLoader.load(
                text: String(decoding: bytes, as: UTF8.self), file: "test.yaml", overrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Ten anchors, each a list of ten aliases of the one before: 10¹⁰ values in a few hundred bytes.
    static let aliasBomb =
        (["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        + (1...9).map { i in
            "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]"
        }).joined(separator: "\n") + "\n"

    @Test("an alias bomb is refused where its expansion passes the bound, before it is expanded")
    func aliasBomb() {
        let found = diagnostics(Self.aliasBomb)
        #expect(found.count == 1)
        // a3 expands to 11,111 values, so its last alias passes 10,000 + 2 × bytes (10,960): line 4, column 50.
        #expect(found.first?.location == .file(line: 4, column: 50))
        #expect(found.first?.message.contains("aliases expand the document past") == true)
    }

    @Test("an alias as a key is refused before any key is compared")
    func aliasAsKey() {
        let found = diagnostics("base: &b {x: 1}\n*b : 2\n")
        #expect(found.first?.location == .file(line: 2, column: 1))
        #expect(found.first?.message.contains("an alias is used as a key") == true)
    }

    @Test("a few aliases of a small anchor read as copies of it")
    func aliasesReused() throws {
        let scenario = try ScenarioLoader.load(
            text: """
                queueing:
                  interarrival: 2us
                  service: [&t 500ns, *t]
                """, file: "alias.yaml")
        guard case .queueing(let config) = scenario.model else {
            Issue.record("expected a queueing model")
            return
        }
        #expect(config.meanService == [.nanoseconds(500), .nanoseconds(500)])
    }

    @Test("an alias of no anchor names the alias")
    func undefinedAlias() {
        let found = diagnostics("phold:\n  entities: *missing\n")
        #expect(found.first?.location == .file(line: 2, column: 13))
        #expect(found.first?.message.contains("*missing names no anchor") == true)
    }

    @Test("nesting deeper than the bound is refused with the bound")
    func deepNesting() {
        for text in [
            "a: " + String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000) + "\n",
            "a: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n",
            (0..<70).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n",
        ] {
            let found = diagnostics(text)
            #expect(found.count == 1)
            #expect(found.first?.message.contains("more than 64 levels deep") == true, "\(found)")
            if case .file = found.first?.location {} else { Issue.record("no line: \(found)") }
        }
    }

    @Test("a control character is named by its code point, line and column")
    func controlCharacter() {
        let found = diagnostics("phold:\n  entities: 1\u{1}0\n")
        #expect(found.first?.location == .file(line: 2, column: 14))
        #expect(found.first?.message.contains("control character U+0001") == true)
        #expect(found.first?.message.contains("reader:") == false)
    }

    @Test("invalid UTF-8 is located at its first bad byte")
    func invalidUTF8() {
        let found = diagnostics(bytes: Array("phold:\n  entities: é".utf8) + [0xFF, 0x0A])
        #expect(found.first?.location == .file(line: 2, column: 14))
        #expect(found.first?.message.contains("not valid UTF-8") == true)
    }

    @Test("a key written twice is reported at the second, naming the first's line")
    func duplicateKey() {
        let found = diagnostics("phold:\n  entities: 1\n  entities: 2\n")
        #expect(found.first?.location == .file(line: 3, column: 3))
        #expect(found.first?.message.contains("written twice in one mapping (first on line 2)") == true)
    }

    @Test("a second document is refused")
    func secondDocument() {
        let found = diagnostics("phold: {}\n---\nphold: {}\n")
        #expect(found.first?.location == .file(line: 2, column: 1))
        #expect(found.first?.message.contains("holds one document") == true)
    }

    @Test("libyaml's messages are put in plain words, with line and column")
    func plainWords() {
        let cases: [(text: String, line: Int, words: String)] = [
            ("phold:\n  entities: 1: 2\n", 2, "a ':' follows a value"),
            ("phold:\n  entities: 1\n bad\n", 3, "is not a 'key: value' line"),
            ("phold: [1, 2\n", 2, "list is not closed"),
            ("phold: \"abc\n", 2, "ends inside a quoted text"),
            ("phold:\n\tentities: 1\n", 2, "a tab is used for indentation"),
            ("phold: @x\n", 1, "cannot start a value"),
        ]
        for (text, line, words) in cases {
            let found = diagnostics(text)
            #expect(found.count == 1)
            #expect(found.first?.message.contains(words) == true, "\(text): \(found)")
            guard case .file(let l, _)? = found.first?.location else {
                Issue.record("no location: \(found)")
                continue
            }
            #expect(l == line, "\(text)")
            for raw in ["while parsing", "while scanning", "did not find expected", "not allowed in this context"] {
                #expect(found.first?.message.contains(raw) == false, "\(text): \(found)")
            }
        }
    }

    @Test("a section that is not a mapping is an error at that section, not a trap")
    func sectionNotMapping() {
        let ring = "topology:\n  shape: ring\n  switches: 3\n"
        let job = ring + "workload: {forward: 1ms, backward: 2ms, gradient_bytes: 1MB}\n"
        let cases: [(text: String, path: String)] = [
            ("topology: 5\ntraffic:\n  pattern: permutation\n  bytes: 1MB\n", "topology"),
            (ring + "workload: 3\n", "workload"),
            (ring + "collective: [1]\n", "collective"),
            (job + "storage: x\ncheckpoint: {parameters: 1, every_steps: 1}\n", "storage"),
            (job + "storage: {servers: 1}\ncheckpoint: []\n", "checkpoint"),
            (job + "storage: {servers: 1}\ncheckpoint: {parameters: 1, every_steps: 1}\nfailures: 7\n", "failures"),
            ("queueing: [1]\n", "queueing"),
            ("phold: 3\n", "phold"),
            ("phold: {}\nstop: 1\n", "stop"),
            ("phold: {}\noutput: [json]\n", "output"),
            (ring + "network: 4\ntraffic: {pattern: permutation, bytes: 1MB}\n", "network"),
            (ring + "traffic: 4\n", "traffic"),
        ]
        for (text, path) in cases {
            let found = diagnostics(text)
            let diagnostic = found.first { $0.path == path }
            #expect(diagnostic?.message.contains("expected a mapping") == true, "\(path): \(found)")
            if case .file? = diagnostic?.location {} else { Issue.record("\(path) not located: \(found)") }
        }
    }

    @Test("--set topology=5 is refused at the option")
    func setSectionToScalar() {
        let found = diagnostics(
            "topology:\n  shape: ring\n  switches: 3\ntraffic: {pattern: permutation, bytes: 1MB}\n",
            overrides: ["topology=5"])
        #expect(found.first { $0.path == "topology" }?.location == .commandLine("topology=5"))
    }

    @Test("a --set value that is not YAML is refused in plain words")
    func setMalformed() {
        let found = diagnostics("phold: {}\n", overrides: ["phold.entities=[1,"])
        #expect(found.count == 1)
        #expect(found.first?.location == .commandLine("phold.entities=[1,"))
        #expect(found.first?.message.contains("is not valid YAML: a value is missing here") == true, "\(found)")
    }

    @Test("a long value is quoted by its start and its length, never in full")
    func longValueTruncated() {
        // libyaml allows a key of at most 1,024 characters, so the long key is shorter than the long values.
        let long = String(repeating: "x", count: 100_000)
        let key = String(repeating: "k", count: 1000)
        let found = diagnostics("name: \(long)\nphold:\n  mean_delay: 1\(long)\n  \(key): 1\n")
        #expect(found.count == 3)
        for diagnostic in found {
            #expect(diagnostic.description.count < 400, "\(diagnostic.description.prefix(500))")
        }
        #expect(
            found[0].description.contains("found 'xxxxxxxx") && found[0].description.contains("…' (100000 characters)"))
        #expect(found[1].description.contains("…' (100001 characters)"))
        #expect(
            found[2].description.contains("'phold.kkkkkkkk") && found[2].description.contains("…' (1006 characters)"))
    }

    @Test("a misspelt section gets a did-you-mean, and the list of keys names every section")
    func misspeltSection() {
        for (typo, section) in [("topolgy", "topology"), ("workoad", "workload"), ("checkpont", "checkpoint")] {
            let found = diagnostics("phold: {}\n\(typo): {}\n")
            #expect(found.first { $0.path == typo }?.message.contains("did you mean '\(section)'?") == true, "\(found)")
        }
        let far = diagnostics("phold: {}\nzzzzzzzzzz: {}\n")
        let message = far.first { $0.path == "zzzzzzzzzz" }?.message ?? ""
        for section in [
            "topology", "network", "traffic", "workload", "collective", "storage", "checkpoint", "failures",
            "background",
        ] {
            #expect(message.contains(section), "\(message)")
        }
    }
}
