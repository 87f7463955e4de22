import FabricExport
import FabricMetrics
import Foundation
import Testing

/// What `fabricsim compare` refuses rather than misreport: a CI gate must fail loudly (exit 2) on input it cannot
/// judge, never pass or fail it for the wrong reason.
@Suite("fabricsim compare refuses what it cannot compare", .serialized)
struct CompareRefusalTests {
    let cli = CommandLineTests()

    /// A summary as summary.json lays it out, with the metrics given as JSON text.
    static func summary(model: String = "network", schema: String = "fabricsim.summary/1", metrics: String) -> String {
        """
        {"schema": "\(schema)", "scenario": "s", "run": {"model": "\(model)", "checks_passed": true},
         "metrics": {\(metrics)}}
        """
    }

    func files(_ pairs: [(String, String)]) throws -> [String] {
        let dir = try cli.temporaryDirectory()
        return try pairs.map { try cli.write($0.1, to: $0.0, in: dir) }
    }

    @Test(
        "a --tolerance-for pattern that names no metric is refused with exit 2 and a did-you-mean; one that names a metric is not"
    )
    func unmatchedPattern() throws {
        let f = try files([
            ("a.json", Self.summary(metrics: "\"fct_p99_us\": 10.0, \"pause_frames\": 3")),
            ("b.json", Self.summary(metrics: "\"fct_p99_us\": 10.0, \"pause_frames\": 3")),
        ])
        let typo = try cli.fabricsim(["compare", f[0], f[1], "--tolerance-for", "fct_p99_su=5%"])
        #expect(typo.status == 2)
        #expect(
            typo.stderr.contains("'fct_p99_su' names no metric") && typo.stderr.contains("did you mean 'fct_p99_us'"))
        let glob = try cli.fabricsim(["compare", f[0], f[1], "--tolerance-for", "step_*=5%"])
        #expect(glob.status == 2)
        let good = try cli.fabricsim([
            "compare", f[0], f[1], "--tolerance-for", "fct_*=5%", "--tolerance-for", "pause_frames=1",
        ])
        #expect(good.status == 0, "\(good.stderr)")
        // A tolerance file's rule that names nothing is only noted: one file serves several models.
        let dir = try cli.temporaryDirectory()
        let rules = try cli.write("step_time_p99_ms: 1%\n", to: "rules.txt", in: dir)
        let filed = try cli.fabricsim(["compare", f[0], f[1], "--tolerances", rules])
        #expect(filed.status == 0, "\(filed.stderr)")
        #expect(filed.stdout.contains("rules.txt:1: 'step_time_p99_ms' names no metric"))
    }

    @Test("summaries of different models are refused with exit 2, not reported as regressions")
    func differentModels() throws {
        let f = try files([
            ("a.json", Self.summary(model: "training", metrics: "\"stall_p99_ms\": 1.0")),
            ("b.json", Self.summary(model: "network", metrics: "\"fct_p99_us\": 1.0")),
        ])
        let outcome = try cli.fabricsim(["compare", f[0], f[1]])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("different models (training and network)"))
        #expect(!outcome.stderr.contains("regression"))
    }

    @Test("an unknown schema version is refused with exit 2, naming the versions this build reads")
    func unknownSchema() throws {
        let f = try files([
            ("a.json", Self.summary(schema: "fabricsim.summary/9", metrics: "\"x\": 1")),
            ("b.json", Self.summary(metrics: "\"x\": 1")),
        ])
        let outcome = try cli.fabricsim(["compare", f[0], f[1]])
        #expect(outcome.status == 2)
        #expect(
            outcome.stderr.contains("fabricsim.summary/9") && outcome.stderr.contains("it reads fabricsim.summary/1"))
    }

    @Test("a number too large for a double is a located error (exit 2), never an infinity shown as +inf %")
    func hugeNumber() throws {
        let huge = "1" + String(repeating: "0", count: 400)
        let f = try files([
            ("a.json", Self.summary(metrics: "\"x\": 1.0")), ("b.json", Self.summary(metrics: "\"x\": \(huge)")),
        ])
        let outcome = try cli.fabricsim(["compare", f[0], f[1]])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("b.json: line 2, column"))
        #expect(outcome.stderr.contains("(401 characters) is beyond the range of a 64-bit float"))
        #expect(!outcome.stdout.contains("inf"))
        // In range, a long number is read as the nearest double; a too-small one as zero.
        #expect(try JSONReader.parse("1" + String(repeating: "0", count: 300)) == .double(1e300))
        #expect(try JSONReader.parse("1e-400") == .double(0))
        #expect(throws: JSONReader.Failure.self) { try JSONReader.parse("-1e309") }
    }

    @Test("--tolerance -5% reaches the tolerance's own check: refused as negative, not as a missing value")
    func negativeTolerance() throws {
        let f = try files([
            ("a.json", Self.summary(metrics: "\"x\": 1.0")), ("b.json", Self.summary(metrics: "\"x\": 1.0")),
        ])
        for arguments in [["--tolerance", "-5%"], ["--tolerance=-5%"], ["--tolerance-for", "x=-5%"]] {
            let outcome = try cli.fabricsim(["compare", f[0], f[1]] + arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(
                outcome.stderr.contains("'-5%': a tolerance is the size of the change allowed and cannot be negative"),
                "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains("write 5%"), "\(arguments)")
            #expect(!outcome.stderr.contains("Missing value"), "\(arguments)")
        }
        let fine = try cli.fabricsim(["compare", f[0], f[1], "--tolerance", "5%"])
        #expect(fine.status == 0, "\(fine.stderr)")
        #expect(Tolerance(parsing: "5% lower") == Tolerance(relative: 0.05, direction: .lowerIsBetter))
        #expect(Tolerance(parsing: "-0.5") == nil)
    }
}
