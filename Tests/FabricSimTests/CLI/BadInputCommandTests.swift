import Foundation
import Testing

/// Hostile scenarios through the `fabricsim` executable: exit code 2, a message naming file:line:column and the key,
/// and the other files' verdicts kept.
@Suite("fabricsim on bad input", .serialized)
struct BadInputCommandTests {
    let tool = CommandLineTests()
    static let corpus = FuzzCorpusTests.directory.path

    @Test("an alias bomb is refused with exit 2 at the line and column where it passes the bound")
    func aliasBomb() throws {
        for command in ["validate", "info", "run"] {
            let outcome = try tool.fabricsim([command, Self.corpus + "/alias-bomb.yaml"])
            #expect(outcome.status == 2, "\(command)")
            #expect(
                outcome.stderr.contains("alias-bomb.yaml:5:55: malformed YAML: aliases expand the document past"),
                "\(outcome.stderr)")
        }
    }

    @Test("validate prints every file's verdict when one is bad, naming the bad one's file, line, column and key")
    func multiFileValidate() throws {
        let outcome = try tool.fabricsim([
            "validate", Self.corpus + "/runs-phold-events.yaml", Self.corpus + "/topology-scalar.yaml",
            Self.corpus + "/runs-queueing-aliases.yaml",
        ])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.contains("runs-phold-events.yaml: ok"))
        #expect(outcome.stdout.contains("runs-queueing-aliases.yaml: ok"))
        #expect(
            outcome.stderr.contains(
                "topology-scalar.yaml:2:11: topology: found '5'; expected a mapping of keys under 'topology'"),
            "\(outcome.stderr)")
    }

    @Test("--set topology=5 is refused with exit 2, naming the option")
    func setSectionToScalar() throws {
        let outcome = try tool.fabricsim([
            "run", Self.corpus + "/runs-ring-1mbps.yaml", "--set", "topology=5", "--quiet",
        ])
        #expect(outcome.status == 2)
        #expect(
            outcome.stderr.contains("runs-ring-1mbps.yaml (--set topology=5): topology: found '5'"), "\(outcome.stderr)"
        )
    }

    @Test("a fabric beyond --memory-limit is refused with its estimate; without the limit it validates")
    func memoryLimit() throws {
        let file = Self.corpus + "/fat-tree-k64-memory.yaml"
        let refused = try tool.fabricsim(["validate", file, "--memory-limit", "2GiB"])
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("fat-tree-k64-memory.yaml:3:3: topology: the run is estimated to need"),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("routing table"))
        #expect(refused.stderr.contains("more than the limit of 2.0 GiB (--memory-limit 2GiB)"))
        let unlimited = try tool.fabricsim(["validate", file, "--memory-limit", "none"])
        #expect(unlimited.status == 0, "\(unlimited.stderr)")
        let malformed = try tool.fabricsim(["validate", file, "--memory-limit", "lots"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("--memory-limit: 'lots'"))
    }

    @Test("info and run show the estimated events, simulated time, wall time and memory")
    func estimateShown() throws {
        let file = Self.corpus + "/runs-queueing-aliases.yaml"
        let info = try tool.fabricsim(["info", file])
        #expect(info.status == 0)
        // 200 customers, each arriving once and leaving each of 2 stations once.
        #expect(info.stdout.contains("estimated events             600\n"), "\(info.stdout)")
        #expect(info.stdout.contains("estimated peak memory"))
        let directory = NSTemporaryDirectory() + "fabricsim-estimate-\(UUID().uuidString)"
        let run = try tool.fabricsim(["run", file, "--out", directory])
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("estimate: 600 events, "), "\(run.stderr)")
        try? FileManager.default.removeItem(atPath: directory)
    }
}
