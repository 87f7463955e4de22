import Foundation
import Testing

/// summary.json is what the model determined, so the formats written beside it (trace.json and report.html make
/// the run record its spans; csv keeps every flow's row) must not change a byte of it.
@Suite("summary.json and --format")
struct SummaryFormatTests {
    let cli = CommandLineTests()

    static let scenarios: [(name: String, yaml: String)] = [
        (
            "training",
            """
            name: small-training
            fabric: roce
            topology: {shape: rail-optimized, servers: 2, gpus_per_server: 2, spines: 1}
            workload: {steps: 3, forward: 50us, backward: 100us, gradient_bytes: 1MiB, buckets: 2}
            """
        ),
        ("network", ResultCommandTests.network),
    ]

    @Test(
        "the same scenario and seed give the same summary.json whatever the formats", arguments: scenarios.map(\.name))
    func independentOfFormats(name: String) throws {
        let yaml = try #require(Self.scenarios.first { $0.name == name }).yaml
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(yaml, to: "\(name).yaml", in: dir)
        var summaries: [String: Data] = [:]
        for formats in ["json", "json,trace", "json,csv,trace,html"] {
            let out = dir.appendingPathComponent(formats.replacingOccurrences(of: ",", with: "-"))
            let outcome = try cli.fabricsim(["run", scenario, "--out", out.path, "--quiet", "--format", formats])
            #expect(outcome.status == 0, "\(formats): \(outcome.stderr)")
            summaries[formats] = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        }
        // The richest run did record spans: had it not, the comparison would prove nothing.
        let trace = try String(
            contentsOf: dir.appendingPathComponent("json-csv-trace-html/trace.json"), encoding: .utf8)
        #expect(!trace.contains("\"spans\":0,"), "no spans recorded")
        #expect(summaries["json"] == summaries["json,trace"])
        #expect(summaries["json"] == summaries["json,csv,trace,html"])
    }
}
