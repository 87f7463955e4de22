import FabricExport
import FabricMetrics
import FabricScenario
import Foundation
import Testing

/// A stored fingerprint of every bundled scenario, in the reduced form the bundled-scenario test runs it, so that
/// any change of behaviour fails a test (the idea is OMNeT++'s fingerprint tests).
///
/// Each line of `golden-fingerprints.txt` holds what a run determined: its events, its simulated time, the hash of
/// its event stream (`--fingerprint`; for models that run episodes, the outer events only) and a digest of its
/// whole summary.json — every metric, table and check, so the inner events of training steps and collective sizes
/// count too. The FabricSim version is left out of the digest: a release changes no behaviour.
///
/// A commit that changes behaviour updates the file (`FABRICSIM_UPDATE_GOLDEN=1 swift test --filter Golden`) and
/// says in its message why each line moved; a refactor changes none.
@Suite("Golden fingerprints")
struct GoldenFingerprintTests {
    static let file = ScenarioReferenceTests.repositoryRoot
        .appendingPathComponent("Tests/FabricSimTests/Scenario/golden-fingerprints.txt")

    static var updating: Bool { ProcessInfo.processInfo.environment["FABRICSIM_UPDATE_GOLDEN"] == "1" }

    /// What one reduced run of a bundled scenario determined, as one line of the golden file.
    struct Golden: Equatable, CustomStringConvertible {
        var scenario: String
        var events: UInt64
        var simulatedTime: String
        var fingerprint: String
        var summaryDigest: String

        var description: String {
            "\(scenario) events=\(events) time=\(simulatedTime) fingerprint=\(fingerprint) summary=\(summaryDigest)"
        }

        init(scenario: String, result: RunResult) {
            self.scenario = scenario
            events = result.events
            simulatedTime = result.simulatedTime.description
            fingerprint = result.fingerprintText ?? "none"
            guard case .object(var summary) = SummaryDocument.summary(result) else {
                preconditionFailure("a summary is an object")
            }
            summary["fabricsim_version"] = nil
            summaryDigest = Self.fnv1a(JSONWriter.string(.object(summary)))
        }

        init?(line: Substring) {
            let fields = line.split(separator: " ")
            guard fields.count == 5 else { return nil }
            func value(_ i: Int, _ key: String) -> String? {
                fields[i].hasPrefix(key + "=") ? String(fields[i].dropFirst(key.count + 1)) : nil
            }
            guard let events = value(1, "events").flatMap({ UInt64($0) }), let time = value(2, "time"),
                let fingerprint = value(3, "fingerprint"), let digest = value(4, "summary")
            else { return nil }
            scenario = String(fields[0])
            self.events = events
            simulatedTime = time
            self.fingerprint = fingerprint
            summaryDigest = digest
        }

        /// FNV-1a, 64 bits, over the UTF-8 bytes: enough to tell two summaries apart, and written here in four lines.
        static func fnv1a(_ text: String) -> String {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
    }

    static func stored() -> [String: Golden] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        var goldens: [String: Golden] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            if let golden = Golden(line: line) { goldens[golden.scenario] = golden }
        }
        return goldens
    }

    static func run(_ file: String) throws -> Golden {
        let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/\(file)").path
        let scenario = try ScenarioLoader.load(path: path, overrides: BundledScenarioTests.reductions[file] ?? [])
        var runner = ScenarioRunner(scenario: scenario)
        runner.fingerprint = true
        return Golden(scenario: file, result: runner.run())
    }

    @Test("every bundled scenario, reduced, matches its stored fingerprint (update: FABRICSIM_UPDATE_GOLDEN=1)")
    func matchesStored() throws {
        let files = BundledScenarioTests.files
        #expect(!files.isEmpty)
        let measured = try files.map(Self.run)
        if Self.updating {
            let header = """
                # Golden fingerprints of the bundled scenarios, reduced as BundledScenarioTests reduces them.
                # Written by `FABRICSIM_UPDATE_GOLDEN=1 swift test --filter Golden`; a commit that changes a line says why.

                """
            try (header + measured.map(\.description).joined(separator: "\n") + "\n").write(
                to: Self.file, atomically: true, encoding: .utf8)
            return
        }
        let stored = Self.stored()
        for golden in measured {
            #expect(
                stored[golden.scenario] == golden,
                """
                scenarios/\(golden.scenario) changed behaviour:
                  stored   \(stored[golden.scenario]?.description ?? "(none)")
                  measured \(golden)
                If the change is intended, run FABRICSIM_UPDATE_GOLDEN=1 swift test --filter Golden and say why in the commit.
                """)
        }
        #expect(Set(stored.keys) == Set(files), "the golden file lists exactly the bundled scenarios")
    }

    @Test(
        "fingerprinting a run changes nothing in its summary but the fingerprint",
        arguments: ["quickstart.yaml", "nccl-tests-allreduce.yaml", "mm1.yaml"])
    func fingerprintingIsTransparent(file: String) throws {
        let path = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/\(file)").path
        let scenario = try ScenarioLoader.load(path: path, overrides: BundledScenarioTests.reductions[file] ?? [])
        var plain = ScenarioRunner(scenario: scenario).run()
        var fingerprinting = ScenarioRunner(scenario: scenario)
        fingerprinting.fingerprint = true
        let hashed = fingerprinting.run()
        #expect(hashed.fingerprint != nil)
        plain.fingerprint = hashed.fingerprint
        #expect(JSONWriter.string(SummaryDocument.summary(plain)) == JSONWriter.string(SummaryDocument.summary(hashed)))
    }

    @Test("a fingerprint line reads back as it was written")
    func lineRoundTrip() throws {
        let line = "x.yaml events=12 time=1.5ms fingerprint=00ab summary=0123456789abcdef"
        let golden = try #require(Golden(line: line[...]))
        #expect(golden.description == line)
        #expect(Golden(line: "x.yaml events=zz time=1ms fingerprint=0 summary=0") == nil)
    }

    @Test("the summary digest tells apart summaries that differ in one byte")
    func digestSeparates() {
        #expect(Golden.fnv1a("{\"a\": 1}") != Golden.fnv1a("{\"a\": 2}"))
        #expect(Golden.fnv1a("") == "cbf29ce484222325")
    }
}
