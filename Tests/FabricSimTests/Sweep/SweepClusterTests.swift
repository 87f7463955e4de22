import Foundation
import Testing

/// A sweep on a cluster as a Slurm or Kubernetes user meets it: more tasks than points, one failed task retried
/// alone, shard files left by an earlier split, a foreign shard, a cancelled task's log, and a log written line by
/// line. Each merge is checked byte for byte against the sweep run in one piece.
@Suite("Sweep on a cluster", .serialized)
struct SweepClusterTests {
    let cli = CommandLineTests()

    /// 2 points × 3 seeds = 6 runs of a small M/M/1 queue.
    static let grid = ["--vary", "queueing.service=1us,1.5us", "--seeds", "3", "--quiet"]

    func read(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    /// The whole sweep's summary files, run in one piece into `dir/whole`.
    func whole(_ scenario: String, in dir: URL) throws -> URL {
        let out = dir.appendingPathComponent("whole")
        let outcome = try cli.fabricsim(["sweep", scenario] + Self.grid + ["--out", out.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return out
    }

    func shard(_ scenario: String, _ text: String, into out: URL, grid: [String] = grid) throws
        -> CommandLineTests.Outcome
    {
        try cli.fabricsim(["sweep", scenario] + grid + ["--shard", text, "--out", out.path])
    }

    func expectSameSummary(_ a: URL, _ b: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for file in ["sweep.json", "sweep.csv", "sweep.html"] {
            #expect(
                try read(a.appendingPathComponent(file)) == read(b.appendingPathComponent(file)), "\(file)",
                sourceLocation: sourceLocation)
        }
    }

    @Test("6 runs of 2 points in 6 shards: each shard runs one run, none idles, and the merge is the whole sweep's")
    func moreShardsThanPoints() throws {
        let dir = try cli.temporaryDirectory()
        let queue = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let reference = try whole(queue, in: dir)
        let out = dir.appendingPathComponent("sharded")
        for index in 0..<6 {
            let outcome = try cli.fabricsim(
                [
                    "sweep", queue, "--vary", "queueing.service=1us,1.5us", "--seeds", "3", "--shard", "\(index)/6",
                    "--out", out.path,
                ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("shard \(index)/6: 1 run on 1 worker"), "\(outcome.stdout)")
        }
        // A seventh shard of 7 has nothing left and says so, but still writes its empty shard file.
        let idle = try shard(queue, "6/7", into: dir.appendingPathComponent("idle"))
        #expect(idle.status == 0)
        #expect(idle.stderr.contains("note: shard 6/7 has no runs: the sweep has 6 runs"), "\(idle.stderr)")
        let merged = try cli.fabricsim(["merge", out.path, "--quiet"])
        #expect(merged.status == 0, "\(merged.stderr)")
        try expectSameSummary(reference, out)
    }

    @Test("a failed task retried alone: the merge names the missing index and the option to rerun, then succeeds")
    func retryOneShard() throws {
        let dir = try cli.temporaryDirectory()
        let queue = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let reference = try whole(queue, in: dir)
        let out = dir.appendingPathComponent("sharded")
        for index in [0, 1, 3] { #expect(try shard(queue, "\(index)/4", into: out).status == 0) }
        let refused = try cli.fabricsim(["merge", out.path])
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("1 of the 4 shards is missing, index 2 (numbered 0 to 3): run it (--shard 2/4"),
            "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("sweep.json").path))
        // The retry is the same command with its own index: N stays the sweep's, whatever the retry's array size.
        let retried = try cli.fabricsim(
            ["sweep", queue] + Self.grid + ["--shard", "2/4", "--resume", "--out", out.path])
        #expect(retried.status == 0, "\(retried.stderr)")
        let merged = try cli.fabricsim(["merge", out.path, "--quiet"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.isEmpty, "every run's folder is in the shared directory: \(merged.stderr)")
        try expectSameSummary(reference, out)
    }

    @Test("N taken from a retried task's array size (--shard 1/1) is refused with what N is, not an array to submit")
    func retryWithArraySize() throws {
        let dir = try cli.temporaryDirectory()
        let queue = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let outcome = try shard(queue, "1/1", into: dir.appendingPathComponent("out"))
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--shard 1/1: the index is 1; shards of 1 are numbered 0 to 0"))
        #expect(outcome.stderr.contains("not from the array's size"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("--array=0-0"))
    }

    @Test("shard files of an earlier split in the same directory: the sweep warns, the merge says which to remove")
    func staleSplit() throws {
        let dir = try cli.temporaryDirectory()
        let queue = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let reference = try whole(queue, in: dir)
        let out = dir.appendingPathComponent("sharded")
        for index in 0..<2 { #expect(try shard(queue, "\(index)/2", into: out).status == 0) }
        for index in 0..<3 {
            let outcome = try shard(queue, "\(index)/3", into: out)
            #expect(outcome.status == 0)
            #expect(
                outcome.stderr.contains("holds shard files of another split (shard-0-of-2.json"), "\(outcome.stderr)")
        }
        let refused = try cli.fabricsim(["merge", out.path])
        #expect(refused.status == 2)
        let folder = out.appendingPathComponent("shards").path
        #expect(
            refused.stderr.contains(
                "holds shard files of 2 splits: --shard I/2 (2 of 2, complete) and --shard I/3 (3 of 3, complete, newest)"
            ), "\(refused.stderr)")
        #expect(
            refused.stderr.contains("remove their files (rm \(folder)/shard-*-of-2.json keeps --shard I/3)"),
            "\(refused.stderr)")
        // Named by their split, the wanted files merge.
        let wanted = (0..<3).map { "\(folder)/shard-\($0)-of-3.json" }
        let merged = try cli.fabricsim(["merge"] + wanted + ["--out", out.path, "--quiet"])
        #expect(merged.status == 0, "\(merged.stderr)")
        try expectSameSummary(reference, out)
    }

    @Test("a shard of another sweep is refused naming the field that differs and both values")
    func foreignShard() throws {
        let dir = try cli.temporaryDirectory()
        let queue = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let out = dir.appendingPathComponent("sharded")
        #expect(try shard(queue, "0/2", into: out).status == 0)
        let fewerSeeds = ["--vary", "queueing.service=1us,1.5us", "--seeds", "2", "--quiet"]
        #expect(try shard(queue, "1/2", into: out, grid: fewerSeeds).status == 0)
        let refused = try cli.fabricsim(["merge", out.path])
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("the seeds differ (2 seeds from 5 in this file, 3 seeds from 5 in "),
            "\(refused.stderr)")

        let otherValues = ["--vary", "queueing.service=1us,1.2us", "--seeds", "3", "--quiet"]
        #expect(try shard(queue, "1/2", into: out, grid: otherValues).status == 0)
        let values = try cli.fabricsim(["merge", out.path])
        #expect(values.status == 2)
        #expect(
            values.stderr.contains(
                "the values of --vary queueing.service differ (1us,1.2us in this file, 1us,1.5us in"),
            "\(values.stderr)")
    }

    @Test("shards in separate directories: the merge is the whole sweep's and says the run folders are elsewhere")
    func separateDirectories() throws {
        let dir = try cli.temporaryDirectory()
        let queue = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let reference = try whole(queue, in: dir)
        let nodes = (0..<2).map { dir.appendingPathComponent("node\($0)") }
        for (index, node) in nodes.enumerated() { #expect(try shard(queue, "\(index)/2", into: node).status == 0) }
        let out = dir.appendingPathComponent("merged")
        let merged = try cli.fabricsim(["merge"] + nodes.map(\.path) + ["--out", out.path, "--quiet"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.contains("note: 6 of 6 runs' folders are not in \(out.path)/"), "\(merged.stderr)")
        try expectSameSummary(reference, out)
    }

    @Test("SIGTERM (a cancelled or preempted task) ends the shard's log with what was done and how to go on")
    func terminatedShard() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(
            """
            name: endless
            phold: {entities: 1024, population: 10000}
            """, to: "endless.yaml", in: dir)
        let out = dir.appendingPathComponent("out")
        let outcome = try cli.interrupted(
            [
                "sweep", scenario, "--vary", "phold.entities=512,1024", "--seeds", "2", "--shard", "1/2", "--out",
                out.path,
            ],
            signal: SIGTERM)
        #expect(outcome.status == 143)
        #expect(
            outcome.stderr.contains(
                "interrupted by SIGTERM: 0 of 2 runs finished and their folders are complete; the runs in progress wrote nothing; no shard file was written for shard 1/2. Run this shard (--shard 1/2) again with --resume"
            ), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("shards/shard-1-of-2.json").path))
    }

    @Test("in a log file (not a terminal) every line is there while the shard runs: no carriage return, no escape")
    func logWhileRunning() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(
            """
            name: endless
            phold: {entities: 1024, population: 10000}
            """, to: "endless.yaml", in: dir)
        let log = dir.appendingPathComponent("task.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = [
            "sweep", scenario, "--seeds", "2", "--shard", "0/2", "--progress-interval", "0.2", "--out",
            dir.appendingPathComponent("out").path,
        ]
        process.standardOutput = handle // one file for both, as Slurm's --output
        process.standardError = handle
        try process.run()
        // Wait (at most 60 s) for two progress lines while the run goes on, then kill it as a scheduler's SIGKILL
        // would: what is in the file was written before, not at exit.
        let deadline = Date().addingTimeInterval(60)
        var text = ""
        while Date() < deadline {
            text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.components(separatedBy: "\nprogress ").count > 2 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try handle.close()
        #expect(text.hasPrefix("sweep endless: 1 point × 2 seeds, shard 0/2: 1 run on 1 worker"), "\(text)")
        #expect(text.components(separatedBy: "\nprogress ").count > 2, "\(text)")
        #expect(text.contains("runs 0/1 done  p0000 seed 1"), "\(text)")
        #expect(!text.contains("\r") && !text.contains("\u{1B}"), "\(text)")
    }
}
