import Foundation
import Testing

/// scripts/cluster/slurm/submit.sh without a cluster: stand-ins for `sbatch` and `sinfo` on PATH record what it
/// would submit. Bad settings exit 2 naming the setting and submit nothing; the array comes from SHARDS (or the
/// tasks to retry), never from anything else; a task larger than every node is refused. The real Slurm test is
/// scripts/cluster/slurm/test-one-node.sh, run by .ci/run.
@Suite("Cluster scripts", .serialized)
struct ClusterScriptsTests {
    let cli = CommandLineTests()
    static let root = ScenarioReferenceTests.repositoryRoot
    static let submit = root.appendingPathComponent("scripts/cluster/slurm/submit.sh").path

    struct Setup {
        var dir: URL
        var conf: String
        var environment: [String: String]
        /// The sbatch command lines the stand-in received, one a line.
        var submitted: URL
    }

    /// A temporary directory with the shipped sweep.conf (lines replaced by `changes`), the tool, and stand-ins for
    /// sbatch (prints a job id, records its arguments) and sinfo (one node of `node` "CPUs MB").
    func setup(_ changes: [String: String] = [:], node: String = "32 128000") throws -> Setup {
        let dir = try cli.temporaryDirectory()
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let submitted = dir.appendingPathComponent("submitted.txt")
        let sbatch = """
            #!/bin/bash
            echo "$*" >> \(submitted.path)
            echo "$(( $(wc -l < \(submitted.path)) + 100 ));cluster"
            """
        let sinfo = """
            #!/bin/bash
            echo "\(node)"
            """
        for (name, text) in [("sbatch", sbatch), ("sinfo", sinfo)] {
            let path = try cli.write(text, to: "bin/\(name)", in: dir)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        var lines = try String(
            contentsOf: Self.root.appendingPathComponent("scripts/cluster/sweep.conf"), encoding: .utf8
        ).components(separatedBy: "\n")
        var changes = changes
        changes["FABRICSIM"] = changes["FABRICSIM"] ?? CommandLineTests.executable.path
        changes["LOGS"] = changes["LOGS"] ?? dir.appendingPathComponent("logs").path
        changes["OUT"] = changes["OUT"] ?? dir.appendingPathComponent("out").path
        for (key, value) in changes {
            guard let index = lines.firstIndex(where: { $0.hasPrefix("\(key)=") }) else {
                Issue.record("sweep.conf has no \(key)=")
                continue
            }
            lines[index] = "\(key)=\(value)"
        }
        let conf = try cli.write(lines.joined(separator: "\n"), to: "sweep.conf", in: dir)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return Setup(dir: dir, conf: conf, environment: ["PATH": path], submitted: submitted)
    }

    /// Runs submit.sh from the repository's root (sweep.conf's SCENARIO is relative to it).
    func submit(_ setup: Setup, _ arguments: [String]) throws -> CommandLineTests.Outcome {
        try CommandLineTests.outcome(
            of: URL(fileURLWithPath: "/bin/bash"), [Self.submit, "--conf", setup.conf] + arguments, in: Self.root,
            environment: setup.environment)
    }

    func submitted(_ setup: Setup) -> [String] {
        ((try? String(contentsOf: setup.submitted, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test("the whole sweep: an array of SHARDS tasks with the task's resources, then a merge after any end")
    func wholeSweep() throws {
        let setup = try setup()
        let outcome = try submit(setup, [])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let jobs = submitted(setup)
        #expect(jobs.count == 2)
        #expect(jobs.first?.contains("--array=0-3 ") == true, "\(jobs)")
        #expect(jobs.first?.contains("--cpus-per-task=16 --mem=32768M --time=08:00:00") == true, "\(jobs)")
        #expect(jobs.first?.hasSuffix("scripts/cluster/slurm/sweep.sbatch") == true, "\(jobs)")
        // The array's id without the ";cluster" that --parsable may add.
        #expect(jobs.last?.contains("--dependency=afterany:101 ") == true, "\(jobs)")
        #expect(jobs.last?.hasSuffix("scripts/cluster/slurm/merge.sbatch") == true, "\(jobs)")
        #expect(outcome.stdout.contains("submitted shards 0-3 of 4 as job 101, the merge as job 102"))
    }

    @Test("a retry is an array of the named tasks only, with its own merge; SHARDS stays the sweep's")
    func retry() throws {
        let setup = try setup(["ARRAY_THROTTLE": "2"])
        let outcome = try submit(setup, ["--retry", "1,3"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let jobs = submitted(setup)
        #expect(jobs.first?.contains("--array=1,3%2 ") == true, "\(jobs)")
        #expect(jobs.count == 2 && jobs[1].contains("--dependency=afterany:101 "), "\(jobs)")
    }

    @Test(
        "bad settings and options exit 2 naming what is wrong, and submit nothing",
        arguments: [
            ([:], ["--retry", "4"], "--retry 4: index 4, but the sweep has shards 0 to 3 (SHARDS=4 in"),
            ([:], ["--retry", "1-3"], "--retry 1-3: expected task indices separated by commas"),
            ([:], ["--shards", "4"], "unknown option '--shards'"),
            (["SHARDS": "four"], [], "SHARDS=four; expected a whole number of shards"),
            (["SHARDS": ""], [], "SHARDS is not set"),
            (["MEM": "32GB"], [], "memory '32GB'; expected a size as Slurm takes it"),
            (["CPUS_PER_TASK": "0"], [], "CPUS_PER_TASK=0; expected a whole number, 1 or more"),
            (["SCENARIO": "scenarios/nonexistent.yaml"], [], "SCENARIO=scenarios/nonexistent.yaml: no such file"),
            (["FABRICSIM": "/nonexistent/fabricsim"], [], "FABRICSIM=/nonexistent/fabricsim is not an executable"),
            (["ARRAY_THROTTLE": "x"], [], "ARRAY_THROTTLE=x; expected empty"),
        ] as [([String: String], [String], String)])
    func badInput(changes: [String: String], arguments: [String], message: String) throws {
        let setup = try setup(changes)
        let outcome = try submit(setup, arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(submitted(setup).isEmpty)
    }

    @Test("a task larger than every node of the partition is refused: it would stay pending for ever")
    func taskLargerThanNodes() throws {
        let setup = try setup(node: "8 16000")
        let outcome = try submit(setup, [])
        #expect(outcome.status == 2)
        #expect(
            outcome.stderr.contains(
                "a task asks for CPUS_PER_TASK=16 and MEM=32G but no node of partition (default) has that much"),
            "\(outcome.stderr)")
        #expect(submitted(setup).isEmpty)
        let fits = try self.setup(["CPUS_PER_TASK": "8", "MEM": "15G"], node: "8 16000")
        #expect(try submit(fits, []).status == 0)
    }
}
