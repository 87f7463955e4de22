import FabricKernel
import FabricMetrics
import FabricScenario
import Testing

/// Every way a scenario can be wrong gives a diagnostic that names the file, the line, the key path, what was
/// found and what was expected — and never a trap.
@Suite("Scenario validation")
struct ScenarioValidationTests {
    func diagnostics(_ text: String, overrides: [String] = []) -> [ScenarioDiagnostic] {
        do {
            _ = try ScenarioLoader.load(text: text, file: "test.yaml", overrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test("a valid scenario reads into typed values, defaults filled in")
    func validScenario() throws {
        let scenario = try ScenarioLoader.load(
            text: """
                name: ok
                queueing:
                  interarrival: 2us
                  service: [1us, 500ns]
                """, file: "ok.yaml")
        #expect(scenario.name == "ok")
        #expect(scenario.seed == 1)
        guard case .queueing(let config) = scenario.model else {
            Issue.record("expected a queueing model")
            return
        }
        #expect(config.meanInterarrival == .microseconds(2))
        #expect(config.meanService == [.microseconds(1), .nanoseconds(500)])
        #expect(config.customers == 1_000_000)
        #expect(scenario.stop == .unlimited)
    }

    @Test("the name defaults to the file name")
    func nameFromFile() throws {
        let scenario = try ScenarioLoader.load(text: "phold: {}", file: "dir/my-run.yaml")
        #expect(scenario.name == "my-run")
    }

    @Test("an unknown key is an error with a did-you-mean for a near miss, at the key's line")
    func unknownKey() {
        let found = diagnostics(
            """
            phold:
              entities: 10
              mean_dealy: 2us
            """)
        #expect(found.count == 1)
        #expect(found.first?.path == "phold.mean_dealy")
        #expect(found.first?.location == .file(line: 3, column: 3))
        #expect(found.first?.message.contains("did you mean 'mean_delay'?") == true)
        #expect(found.first?.description.hasPrefix("test.yaml:3:3: phold.mean_dealy: ") == true)
    }

    @Test("a key far from any known one lists the keys that are allowed")
    func unknownKeyFarAway() {
        let found = diagnostics("phold:\n  zzzzzzzz: 1\n")
        #expect(found.first?.message.contains("expected one of: entities, population, mean_delay, lookahead") == true)
    }

    @Test("a wrong type says what was found and what is expected")
    func wrongType() {
        let found = diagnostics("phold:\n  mean_delay: fast\n  entities: [1, 2]\n")
        #expect(found.count == 2)
        #expect(found[0].path == "phold.mean_delay")
        #expect(found[0].message.contains("found 'fast'"))
        #expect(found[0].message.contains("expected a time with a unit"))
        #expect(found[1].path == "phold.entities")
        #expect(found[1].message.contains("found a list"))
    }

    @Test("a value out of range names the range")
    func outOfRange() {
        let found = diagnostics("phold:\n  entities: 0\n")
        #expect(found.first?.message.contains("expected a value from 1 to 10000000") == true)
    }

    @Test("an absurd size is refused with the limit and its reason, before anything is built")
    func absurdSize() {
        let found = diagnostics("phold:\n  population: 1e12\n")
        #expect(found.first?.path == "phold.population")
        #expect(found.first?.message.contains("50000000") == true)
        #expect(found.first?.message.contains("about 2 GB") == true)
    }

    @Test("a number too large for 64 bits is an error, not a wrap-around")
    func overflow() {
        let found = diagnostics("queueing:\n  interarrival: 1e30s\n  service: 1us\n")
        #expect(found.first?.path == "queueing.interarrival")
        #expect(found.first?.message.contains("exceeds the longest representable time") == true)
    }

    @Test("malformed YAML is reported with its line")
    func malformedYAML() {
        let found = diagnostics("phold:\n  entities: [1, 2\n  population: 3\n")
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("malformed YAML") == true)
        if case .file(let line, _)? = found.first?.location { #expect(line >= 2) } else { Issue.record("no line") }
    }

    @Test("an empty file, or one of comments only, is an error")
    func emptyFile() {
        for text in ["", "# only a comment\n", "\n\n"] {
            let found = diagnostics(text)
            #expect(found.count == 1)
            #expect(found.first?.message.contains("the file is empty") == true)
        }
    }

    @Test("a top level that is not a mapping is an error")
    func notAMapping() {
        #expect(diagnostics("- 1\n- 2\n").first?.message.contains("at the top level") == true)
        #expect(diagnostics("just text").first?.message.contains("at the top level") == true)
    }

    @Test("no model, or two models, is an error")
    func modelCount() {
        #expect(diagnostics("name: x\n").first?.message.contains("defines no model") == true)
        #expect(
            diagnostics("phold: {}\nqueueing: {interarrival: 2us, service: 1us}\n").first?.message
                .contains("runs one model") == true)
    }

    @Test("a queue that would grow without bound is refused with its utilisation")
    func unstableQueue() {
        let found = diagnostics("queueing:\n  interarrival: 1us\n  service: [500ns, 1.2us]\n")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("station 2") == true)
        #expect(found.first?.message.contains("utilisation 1.2") == true)
    }

    @Test("all errors of a file are reported together, in file order")
    func allErrorsTogether() {
        let found = diagnostics(
            """
            seed: -1
            phold:
              entities: many
              population: 0
            stop:
              tme: 1ms
            """)
        #expect(found.map(\.path) == ["seed", "phold.entities", "phold.population", "stop.tme"])
        let lines = found.compactMap { d -> Int? in if case .file(let l, _)? = d.location { l } else { nil } }
        #expect(lines == lines.sorted())
    }

    @Test("--set overrides a key and is validated like the file, naming the option")
    func overrides() throws {
        let scenario = try ScenarioLoader.load(
            text: "phold: {}", overrides: ["phold.entities=4096", "stop.events=1e6"])
        guard case .phold(let config) = scenario.model else {
            Issue.record("expected phold")
            return
        }
        #expect(config.entities == 4096)
        #expect(scenario.stop.events == 1_000_000)

        let found = diagnostics("phold: {}", overrides: ["phold.entities=lots"])
        #expect(found.first?.location == .commandLine("phold.entities=lots"))
        #expect(found.first?.description.contains("(--set phold.entities=lots)") == true)
    }

    @Test("a --set with an unknown key, no '=', no value or a bad path is an error")
    func badOverrides() {
        #expect(
            diagnostics("phold: {}", overrides: ["phold.entitie=3"]).first?.message.contains("did you mean 'entities'")
                == true)
        #expect(
            diagnostics("phold: {}", overrides: ["phold.entities"]).first?.message.contains("key.path=value") == true)
        #expect(diagnostics("phold: {}", overrides: ["phold..x=1"]).first?.message.contains("not a key path") == true)
        // Not "is required" at the file's line, as an empty value read as null used to say.
        let empty = diagnostics("phold:\n  entities: 8\n", overrides: ["phold.entities="])
        #expect(empty.first?.location == .commandLine("phold.entities="))
        #expect(empty.first?.message.contains("found no value after '='") == true, "\(empty)")
        #expect(
            diagnostics("name: a\nphold: {}", overrides: ["name.x=1"]).first?.message.contains("holds a single value")
                == true)
    }

    @Test("a PFC switch whose ports reserve all of its buffer as headroom is refused, with the buffer it needs")
    func starvedLosslessBuffer() throws {
        // 2 × 8 host ports + 2 × 75 uplinks at 400 Gb/s: 166 ports × 2 classes × (50 KB/µs × 2 µs-ish + 2 packets)
        // of headroom is above 32 MB. With 64 MB the same fabric has room to share.
        let text = """
            name: t
            fabric: roce
            topology: {shape: leaf-spine, leaves: 2, spines: 75, servers_per_leaf: 2, gpus_per_server: 8, nics_per_server: 8, parallel_links: 2, host_link_rate: 400Gbps, fabric_link_rate: 400Gbps}
            network: {switch_buffer: 32MB}
            traffic: {pattern: permutation, bytes: 1MB}
            """
        let found = diagnostics(text)
        #expect(found.count == 1 && found.first?.path == "network.switch_buffer", "\(found)")
        #expect(found.first?.message.contains("leaf0's 166 ports reserve") == true, "\(found)")
        #expect(found.first?.message.contains("expected a switch_buffer of at least") == true, "\(found)")
        #expect(diagnostics(text.replacingOccurrences(of: "32MB", with: "64MB")).isEmpty)
        #expect(
            diagnostics(
                text.replacingOccurrences(of: "fabric: roce", with: "fabric: infiniband")
                    .replacingOccurrences(of: "network: {switch_buffer: 32MB}", with: "network: {}")
            ).isEmpty, "credits reserve no headroom")
    }

    @Test("the echo records every key with its effective value, defaults included")
    func echo() throws {
        let scenario = try ScenarioLoader.load(text: "phold:\n  entities: 8\n", file: "e.yaml", seed: 99)
        #expect(scenario.seed == 99)
        #expect(scenario.echo["seed"] == .string("99"))
        guard case .object(let phold)? = scenario.echo["phold"] else {
            Issue.record("no phold echo")
            return
        }
        #expect(phold["entities"] == .int(8))
        #expect(phold["mean_delay"] == .string("1us"))
        #expect(scenario.echo["stop"] != nil)
    }
}
