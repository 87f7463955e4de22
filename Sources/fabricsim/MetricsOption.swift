import ArgumentParser
import FabricScenario

/// `--metrics a,b`: the headline figures, replacing the scenario's `output.metrics` (run, sweep, compare).
enum MetricsOption {
    static let help = ArgumentHelp(
        "Headline figures, replacing the scenario's output.metrics: the sweep's columns, compare's first rows, the top of the summary.",
        valueName: "m1,m2,...")

    /// The names in `text` (comma-separated), checked against what `model` reports; nil without the option.
    /// Exits 2 naming each unknown figure (with the nearest known one).
    static func names(_ text: String?, model: String?) throws -> [String]? {
        guard let text else { return nil }
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else {
            printError(
                "error: --metrics: found '\(text)'; expected figure names separated by commas, e.g. stall_p99_ms,pause_frames"
            )
            throw ExitCode(ExitStatus.badInput)
        }
        if let model {
            let problems = HeadlineMetrics.problems(names, model: model)
            for problem in problems { printError("error: --metrics: \(problem)") }
            if !problems.isEmpty { throw ExitCode(ExitStatus.badInput) }
        }
        return names
    }
}
