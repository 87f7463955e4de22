import FabricExport
import Foundation
import Testing

/// What `--out` may be and what it holds afterwards: one run's files, never another directory's.
@Suite("fabricsim results directory", .serialized)
struct ResultDirectoryCommandTests {
    let cli = CommandLineTests()

    func contents(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// Every file under `root` by relative path.
    func tree(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)! {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test("a rerun with fewer formats leaves only its own files: no report.html or trace.json of the run before")
    func fewerFormats() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(ResultCommandTests.network, to: "net.yaml", in: dir)
        let out = dir.appendingPathComponent("out")
        let all = try cli.fabricsim(["run", scenario, "--out", out.path, "--quiet", "--format", "json,csv,trace,html"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(try contents(out).contains("report.html") && contents(out).contains("trace.json"))
        let json = try cli.fabricsim(["run", scenario, "--out", out.path, "--quiet", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try contents(out) == ["summary.json", "timing.json"])
        #expect(try contents(dir) == ["net.yaml", "out"])
    }

    @Test("an empty --out is refused with exit 2 and writes nothing, for every command that writes results")
    func emptyOut() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        for command in [
            ["run", scenario], ["sweep", scenario, "--vary", "queueing.service=1us"],
            ["crosscheck", try cli.write(ResultCommandTests.network, to: "net.yaml", in: dir)],
        ] {
            let outcome = try cli.fabricsim(command + ["--out", ""], in: dir)
            #expect(outcome.status == 2, "\(command[0]): \(outcome.stderr)")
            #expect(outcome.stderr.contains("--out '': an empty directory name"), "\(command[0]): \(outcome.stderr)")
            #expect(try contents(dir) == ["net.yaml", "small.yaml"], "\(command[0])")
        }
    }

    @Test("a directory that is not FabricSim's is refused with exit 2, untouched: files of one's own, --out ., a file")
    func foreignDirectory() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let mine = dir.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "keep me\n".write(to: mine.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)
        let cases: [(out: String, message: String)] = [
            (mine.path, "not a FabricSim results directory: it holds 'notes.txt', which FabricSim does not write"),
            (".", "is the current directory or holds it"),
            (scenario, "is a file, not a directory"),
        ]
        for (out, message) in cases {
            let outcome = try cli.fabricsim(["run", scenario, "--out", out, "--quiet"], in: dir)
            #expect(outcome.status == 2, "\(out): \(outcome.stderr)")
            #expect(outcome.stderr.contains(message), "\(out): \(outcome.stderr)")
        }
        let sweep = try cli.fabricsim([
            "sweep", scenario, "--vary", "queueing.service=1us", "--out", mine.path, "--quiet",
        ])
        #expect(sweep.status == 2 && sweep.stderr.contains("'notes.txt'"), "\(sweep.stderr)")
        #expect(try contents(mine) == ["notes.txt"])
        #expect(try contents(dir) == ["mine", "small.yaml"])
    }

    @Test("SIGKILL during a run leaves the previous results complete; the next run cleans what the killed one left")
    func killedRun() throws {
        let dir = try cli.temporaryDirectory()
        let long = try cli.write(
            try #require(InterruptTests.models.first { $0.name == "network" }).yaml, to: "long.yaml", in: dir)
        let short = try cli.write(ResultCommandTests.network, to: "net.yaml", in: dir)
        let out = dir.appendingPathComponent("out")
        let first = try cli.fabricsim(["run", short, "--out", out.path, "--quiet", "--format", "json,csv,html"])
        #expect(first.status == 0, "\(first.stderr)")
        let before = try tree(out)

        let process = try cli.started(["run", long, "--out", out.path, "--format", "json,trace"]).process
        Thread.sleep(forTimeInterval: 1.0)
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try tree(out) == before)

        // Whatever the killed process had begun beside `out` is its own and goes with the next run.
        let killed = TemporaryName(
            target: "out", kind: .new, host: TemporaryName.thisHost, pid: process.processIdentifier)
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent(killed.text), withIntermediateDirectories: false)
        let again = try cli.fabricsim(["run", short, "--out", out.path, "--quiet", "--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try contents(dir) == ["long.yaml", "net.yaml", "out"])
        #expect(try contents(out) == ["summary.json", "timing.json"])
    }

    @Test("a second sweep into a sweep's directory leaves only its own points and seeds; a merge only its grid's")
    func secondSweep() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let out = dir.appendingPathComponent("out")
        let first = try cli.fabricsim([
            "sweep", scenario, "--vary", "queueing.service=1us,1.5us", "--seeds", "2", "--out", out.path, "--quiet",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let firstPoints = try contents(out).filter { $0.hasPrefix("p0") }
        #expect(firstPoints.count == 2)
        #expect(try contents(out.appendingPathComponent(firstPoints[0])).count == 2)
        // The same first point with one seed: the other point and the second seed's folder go.
        let second = try cli.fabricsim([
            "sweep", scenario, "--vary", "queueing.service=1us", "--out", out.path, "--quiet",
        ])
        #expect(second.status == 0, "\(second.stderr)")
        let points = try contents(out).filter { $0.hasPrefix("p0") }
        #expect(points == ["p0000-queueing.service=1us"])
        #expect(try contents(out.appendingPathComponent(points[0])).count == 1, "one seed, one seed folder")
        #expect(try contents(out) == points + ["sweep.csv", "sweep.html", "sweep.json"])

        // Shards of a third grid into the same directory, then their merge: only the merged grid's points stay.
        for index in 0..<2 {
            let shard = try cli.fabricsim([
                "sweep", scenario, "--vary", "queueing.service=0.5us,1.2us", "--shard", "\(index)/2", "--out", out.path,
                "--quiet",
            ])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merge = try cli.fabricsim(["merge", out.path, "--quiet"])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(
            try contents(out) == [
                "p0000-queueing.service=0.5us", "p0001-queueing.service=1.2us", "shards", "sweep.csv", "sweep.html",
                "sweep.json",
            ])
    }
}
