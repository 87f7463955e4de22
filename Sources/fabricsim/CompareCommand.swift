import ArgumentParser
import FabricExport
import FabricMetrics
import FabricScenario
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs' summaries metric by metric, for CI.",
        discussion: """
            BASELINE and NEW are summary.json files or result directories that hold one. Every scalar metric is \
            compared within a tolerance (default 2 %); a metric that moves the wrong way beyond it (a time, stall, \
            drop or queue that rises; a throughput, bandwidth or utilisation that falls; any other figure that moves), \
            goes missing, or a check that stops passing is a regression. Exit codes: 0 no regression, 1 regressions \
            (each named on standard error), 2 input that cannot be compared: unreadable, an unknown schema, \
            summaries of different models, a malformed tolerance, or a --tolerance-for pattern that names no metric. \
            Tolerance rules: metric=5%, 'fct_*=10%', packets_dropped=3 (absolute), events=ignore, optionally \
            followed by lower, higher or either.
            """)

    @Argument(help: "The baseline: a summary.json or a directory holding one.")
    var baseline: String

    @Argument(help: "The new run: a summary.json or a directory holding one.")
    var new: String

    /// Read unconditionally, so that `--tolerance -5%` reaches the tolerance's own check (and its message) instead
    /// of being taken for an unknown flag.
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Default tolerance: relative (2%) or absolute (0.5); never negative.", valueName: "tolerance"))
    var tolerance: String = "2%"

    @Option(
        name: .customLong("tolerance-for"),
        help: ArgumentHelp(
            "A tolerance for the metrics a pattern names: fct_p99_us=5%, 'step_*=1%' (repeatable; overrides the file).",
            valueName: "pattern=tolerance"))
    var rules: [String] = []

    @Option(
        name: .customLong("tolerances"),
        help: ArgumentHelp(
            "A file of tolerance rules, one pattern=tolerance per line, # comments.", valueName: "file"))
    var toleranceFile: String?

    @Option(name: .long, help: MetricsOption.help)
    var metrics: String?

    @Flag(name: .long, help: "List every metric, not only those that changed.")
    var all = false

    func run() throws {
        var toleranceRules = ToleranceRules()
        do {
            toleranceRules.defaultTolerance = try Tolerance.parse(tolerance).mapError {
                ToleranceRules.ParseError(description: "--tolerance: \($0.description)")
            }.get()
            if let toleranceFile {
                guard let text = try? String(contentsOfFile: toleranceFile, encoding: .utf8) else {
                    printError("error: cannot read the tolerance file \(toleranceFile)")
                    throw ExitCode(ExitStatus.badInput)
                }
                try toleranceRules.add(file: text, name: toleranceFile)
            }
            for rule in rules { try toleranceRules.add(rule, origin: "--tolerance-for") }
        } catch let error as ToleranceRules.ParseError {
            printError("error: \(error.description)")
            throw ExitCode(ExitStatus.badInput)
        }

        let a = try Self.summary(at: baseline)
        let b = try Self.summary(at: new)
        if let refusal = Comparison.refusal(baseline: a.value, new: b.value) {
            printError("error: \(a.path) and \(b.path): \(refusal)")
            throw ExitCode(ExitStatus.badInput)
        }
        let comparison = Comparison.compare(baseline: a.value, new: b.value, rules: toleranceRules)
        try Self.refuseUnmatched(toleranceRules, comparison: comparison)
        print("baseline \(a.path)\nnew      \(b.path)")
        for note in comparison.notes { print("note: \(note)") }
        let headline = try Self.headline(metrics, comparison: comparison) ?? Comparison.headline(of: a.value)
        let table = comparison.table(all: all, headline: headline)
        if !table.isEmpty { print("\n" + table, terminator: "") }
        print("\n" + comparison.tally)
        let regressions = comparison.regressionLines
        guard regressions.isEmpty else {
            for line in regressions { printError(line) }
            printError("\(regressions.count) regression\(regressions.count == 1 ? "" : "s") beyond tolerance")
            throw ExitCode(ExitStatus.simulationFailed)
        }
    }

    /// A `--tolerance-for` rule that names no metric of either summary is refused (exit 2): it is a typo, and the
    /// gate it meant to set would silently be the default. A rule of a tolerance file that names none is only
    /// noted: one file serves the scenarios of a nightly job, whose models have different metrics.
    static func refuseUnmatched(_ rules: ToleranceRules, comparison: Comparison) throws {
        let metrics = comparison.metrics
        var refused = false
        for (pattern, origin) in rules.unmatched(among: metrics) {
            if origin == "--tolerance-for" {
                let suggestion = Suggestion.closest(to: pattern, among: metrics).map { "; did you mean '\($0)'?" } ?? ""
                printError("error: --tolerance-for: '\(pattern)' names no metric of either summary\(suggestion)")
                refused = true
            } else {
                print("note: \(origin): '\(pattern)' names no metric of these summaries")
            }
        }
        if refused { throw ExitCode(ExitStatus.badInput) }
    }

    /// `--metrics`: figures both summaries may hold; one that names none of their metrics is refused (exit 2).
    static func headline(_ text: String?, comparison: Comparison) throws -> [String]? {
        guard let names = try MetricsOption.names(text, model: nil) else { return nil }
        let known = comparison.metrics
        let unknown = names.filter { !known.contains($0) }
        for name in unknown {
            let suggestion = Suggestion.closest(to: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
            printError("error: --metrics: '\(name)' is no metric of either summary\(suggestion)")
        }
        if !unknown.isEmpty { throw ExitCode(ExitStatus.badInput) }
        return names
    }

    /// Reads a summary.json, or the one in a directory; exits 2 with the reason when it cannot.
    static func summary(at path: String) throws -> (path: String, value: ResultValue) {
        var isDirectory: ObjCBool = false
        var file = path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            file = URL(fileURLWithPath: path).appendingPathComponent("summary.json").path
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            printError("error: cannot read \(file); expected a summary.json or a results directory holding one")
            throw ExitCode(ExitStatus.badInput)
        }
        do {
            let value = try JSONReader.parse(text)
            guard case .string(let schema)? = value["schema"], schema.hasPrefix("fabricsim.summary/") else {
                printError(
                    "error: \(file) is not a FabricSim summary: expected a \"schema\" key of fabricsim.summary/N")
                throw ExitCode(ExitStatus.badInput)
            }
            guard SummaryDocument.knownSchemas.contains(schema) else {
                printError(
                    "error: \(file) has schema \(schema), which this version of FabricSim does not know; "
                        + "it reads \(SummaryDocument.knownSchemas.joined(separator: ", "))")
                throw ExitCode(ExitStatus.badInput)
            }
            return (file, value)
        } catch let error as JSONReader.Failure {
            printError("error: \(file): \(error.description)")
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
