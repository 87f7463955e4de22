import ArgumentParser
import FabricExport

/// `--quiet` and `--progress-interval` of `run` and `sweep`: whether progress is written to standard error, and
/// how often when standard error is not a terminal (docs/cli.md, "Progress").
struct ProgressOptions: ParsableArguments {
    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Option(
        name: .customLong("progress-interval"),
        help: ArgumentHelp(
            "Seconds between two progress lines when standard error is not a terminal (a log file, a pipe); default 5.",
            valueName: "seconds"))
    var interval = ProgressWriter.defaultInterval

    /// The longest interval: a day, a guard against a value in the wrong unit.
    static let longestInterval = 86_400.0

    func validate() throws {
        guard interval > 0, interval <= Self.longestInterval else {
            throw ValidationError(
                "--progress-interval \(interval): expected more than 0 and at most \(Int(Self.longestInterval)) seconds"
            )
        }
    }

    /// Where this command's progress goes: standard error, redrawn on a terminal, lines otherwise; nowhere if quiet.
    func writer() -> ProgressWriter { ProgressWriter.standardError(quiet: quiet, interval: interval) }
}
