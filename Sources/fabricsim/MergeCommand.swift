import ArgumentParser
import FabricExport
import FabricSweep
import Foundation

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shards of a sweep (fabricsim sweep --shard I/N) into its summary.",
        discussion: """
            Each DIR is a sweep output directory holding shards/shard-I-of-N.json (several shards may share one), or \
            a shard file. Every shard of the split must be there exactly once. Writes sweep.json, sweep.csv and \
            sweep.html — the same bytes the whole sweep run in one piece writes. Exit codes: 0 merged; 1 a run \
            failed a check; 2 missing, foreign or unreadable shards.
            """)

    @Argument(help: "Sweep output directories or shard files.")
    var directories: [String]

    @Option(name: .long, help: ArgumentHelp("Directory for the summary (default: the first DIR).", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard !directories.isEmpty else { throw ValidationError("Name at least one sweep directory or shard file.") }
    }

    func run() throws {
        let summary: SweepSummary
        do { summary = try SweepMerge.merge(directories) } catch {
            printError(error.description)
            throw ExitCode(ExitStatus.badInput)
        }
        var directory = out ?? directories[0]
        var isDirectory: ObjCBool = false
        if out == nil, FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
            !isDirectory.boolValue
        {
            // A shard file named directly: its sweep directory is the one above shards/.
            directory = URL(fileURLWithPath: directory).deletingLastPathComponent().deletingLastPathComponent().path
        }
        _ = try ResultDirectory.checked(directory, fromOption: out != nil)
        let written: [String]
        do {
            written = try SweepFiles.write(summary, to: URL(fileURLWithPath: directory))
            SweepDirectory.removeForeign(in: URL(fileURLWithPath: directory), grid: summary.grid, keepShards: true)
        } catch {
            printError("error: cannot write the sweep summary to \(directory): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.badInput)
        }
        // With shards run into separate directories the runs' folders may be elsewhere; sweep.html links to them
        // under the summary's directory, as a sweep run in one piece has them.
        let absent = summary.records.filter { record in
            !FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: directory).appendingPathComponent(
                    summary.grid.points[record.point].directory
                )
                .appendingPathComponent("seed-\(record.seed)").path)
        }
        if let example = absent.first {
            printError(
                "note: \(absent.count) of \(summary.records.count) runs' folders are not in \(directory)/ (e.g. \(summary.grid.points[example.point].directory)/seed-\(example.seed)): sweep.html links to them there; copy each shard's directory into it (rsync -a SHARD_DIR/ \(directory)/) for the links to work"
            )
        }
        if !quiet {
            print("merged \(summary.records.count) runs of \(summary.grid.points.count) points into \(directory)/")
            print("\n" + summary.terminalText(), terminator: "")
            print("files: " + written.joined(separator: ", "))
        }
        try SweepCommand.failOnChecks(summary)
    }
}
