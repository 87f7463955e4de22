import FabricSweep
import Foundation
import Testing

/// `fabricsim sweep` and `fabricsim merge` as a user meets them: the files, the identity with `fabricsim run`,
/// shards, errors, the fabrics side by side, and Ctrl-C.
@Suite("Sweep command line", .serialized)
struct SweepCommandTests {
    let cli = CommandLineTests()

    static var ncclTests: String {
        ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/nccl-tests-allreduce.yaml").path
    }

    static let ncclReduced = ["--set", "topology.servers=2", "--set", "collective.max_bytes=1MiB"]

    func read(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    @Test("every run of a sweep writes the bytes `fabricsim run --set ... --seed ...` writes (M/M/1 and a collective)")
    func sameAsRun() throws {
        let dir = try cli.temporaryDirectory()
        let queue = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let cases:
            [(scenario: String, sets: [String], vary: String, values: [String], seeds: [String], files: [String])] = [
                (
                    queue, [], "queueing.interarrival", ["2us", "3us"], ["5", "6"],
                    ["summary.json", "metrics.csv", "stations.csv", "report.html"]
                ),
                (
                    Self.ncclTests, Self.ncclReduced, "collective.algorithm", ["ring", "hierarchical"], ["1"],
                    ["summary.json", "metrics.csv", "nccl_tests.csv", "ports.csv", "report.html"]
                ),
            ]
        for c in cases {
            let out = dir.appendingPathComponent("sweep-\(c.vary)")
            let sweep = try cli.fabricsim(
                ["sweep", c.scenario] + c.sets + [
                    "--vary", "\(c.vary)=" + c.values.joined(separator: ","),
                    "--seeds", String(c.seeds.count), "--out", out.path, "--quiet",
                ])
            #expect(sweep.status == 0, "\(sweep.stderr)")
            #expect(sweep.stdout.isEmpty)
            for (p, value) in c.values.enumerated() {
                for seed in c.seeds {
                    let alone = dir.appendingPathComponent("alone-\(p)-\(seed)")
                    let run = try cli.fabricsim(
                        ["run", c.scenario] + c.sets + [
                            "--set", "\(c.vary)=\(value)", "--seed", seed,
                            "--out", alone.path, "--quiet",
                        ])
                    #expect(run.status == 0, "\(run.stderr)")
                    let folder = out.appendingPathComponent("p000\(p)-\(c.vary)=\(value)/seed-\(seed)")
                    for file in c.files {
                        #expect(
                            try read(folder.appendingPathComponent(file)) == read(alone.appendingPathComponent(file)),
                            "\(folder.path)/\(file)")
                    }
                }
            }
            for file in ["sweep.json", "sweep.csv", "sweep.html"] {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path))
            }
        }
    }

    @Test("--jobs 1 and --jobs 2 write the same summary; shards 0..2 of 3 merged write it too, byte for byte")
    func jobsAndShards() throws {
        let dir = try cli.temporaryDirectory()
        let queue = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let grid = [
            "--vary", "queueing.interarrival=2us,4us", "--vary", "queueing.service=1us,1.5us", "--seeds", "2",
            "--quiet",
        ]
        for jobs in ["1", "2"] {
            let outcome = try cli.fabricsim(
                ["sweep", queue] + grid + ["--jobs", jobs, "--out", dir.appendingPathComponent("jobs\(jobs)").path])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let shards = dir.appendingPathComponent("shards")
        for i in 0..<3 {
            let outcome = try cli.fabricsim(["sweep", queue] + grid + ["--shard", "\(i)/3", "--out", shards.path])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        // A merge with a shard missing is refused and writes nothing.
        let partial = dir.appendingPathComponent("partial")
        try FileManager.default.createDirectory(
            at: partial.appendingPathComponent("shards"), withIntermediateDirectories: true)
        for i in [0, 2] {
            try FileManager.default.copyItem(
                at: shards.appendingPathComponent("shards/shard-\(i)-of-3.json"),
                to: partial.appendingPathComponent("shards/shard-\(i)-of-3.json"))
        }
        let refused = try cli.fabricsim(["merge", partial.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("1 of the 3 shards is missing, index 1 (numbered 0 to 2)"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: partial.appendingPathComponent("sweep.json").path))

        let merged = try cli.fabricsim(["merge", shards.path, "--quiet"])
        #expect(merged.status == 0, "\(merged.stderr)")
        for file in ["sweep.json", "sweep.csv", "sweep.html"] {
            let one = try read(dir.appendingPathComponent("jobs1/\(file)"))
            #expect(one == (try read(dir.appendingPathComponent("jobs2/\(file)"))), "\(file): --jobs 1 against 2")
            #expect(
                one == (try read(shards.appendingPathComponent(file))), "\(file): merged shards against the whole sweep"
            )
        }
    }

    @Test("without NUMA support (FABRICSIM_NUMA=off) a sweep says so once, runs unpinned, and writes the same summary")
    func unpinned() throws {
        let dir = try cli.temporaryDirectory()
        let queue = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let grid = ["--vary", "queueing.interarrival=2us,3us", "--seeds", "2", "--jobs", "2"]
        let placed = try cli.fabricsim(["sweep", queue] + grid + ["--out", dir.appendingPathComponent("placed").path])
        let unpinned = try cli.fabricsim(
            ["sweep", queue] + grid + ["--out", dir.appendingPathComponent("unpinned").path],
            environment: ["FABRICSIM_NUMA": "off"])
        #expect(placed.status == 0 && unpinned.status == 0, "\(placed.stderr)\(unpinned.stderr)")
        #expect(
            unpinned.stderr.components(separatedBy: "NUMA placement is not available").count == 2, "\(unpinned.stderr)")
        #expect(!unpinned.stdout.contains(" on node "))
        if NumaMachine.detect().isAvailable { #expect(!placed.stderr.contains("NUMA placement is not available")) }
        for file in ["sweep.json", "sweep.csv", "sweep.html"] {
            #expect(
                try read(dir.appendingPathComponent("placed/\(file)"))
                    == read(dir.appendingPathComponent("unpinned/\(file)")))
        }
    }

    @Test("--fidelity applies to every run of a sweep, as --set fidelity=... would")
    func fidelityOption() throws {
        let dir = try cli.temporaryDirectory()
        let network = try cli.write(ResultCommandTests.network, to: "net.yaml", in: dir)
        let a = try cli.fabricsim([
            "sweep", network, "--fidelity", "flow", "--vary", "traffic.bytes=50KB,100KB", "--format", "json",
            "--out", dir.appendingPathComponent("a").path, "--quiet",
        ])
        let b = try cli.fabricsim([
            "sweep", network, "--set", "fidelity=flow", "--vary", "traffic.bytes=50KB,100KB", "--format", "json",
            "--out", dir.appendingPathComponent("b").path, "--quiet",
        ])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        let run = try String(
            contentsOf: dir.appendingPathComponent("a/p0001-traffic.bytes=100KB/seed-1/summary.json"), encoding: .utf8)
        #expect(run.contains("\"fidelity\": \"flow\""))
        #expect(try read(dir.appendingPathComponent("a/sweep.csv")) == read(dir.appendingPathComponent("b/sweep.csv")))
    }

    @Test(
        "bad --vary, --shard, --seeds and --jobs exit 2 with the option and what to type",
        arguments: [
            (["--vary", "queueing.interarrival"], "--vary queueing.interarrival: expected key.path=v1,v2"),
            (["--vary", "queueing.interarrival=2us,often"], "(--vary queueing.interarrival=2us,often)"),
            (["--vary", "queueing.nonsense=1,2"], "nonsense"),
            (["--shard", "3/3"], "--shard 3/3: the index is 3; shards of 3 are numbered 0 to 2"),
            (["--shard", "two"], "--shard two: expected INDEX/COUNT"),
            (["--seeds", "0"], "--seeds 0: expected 1 to"),
            (["--jobs", "0"], "--jobs 0: expected 1 to"),
        ])
    func badInput(arguments: [String], message: String) throws {
        let dir = try cli.temporaryDirectory()
        let queue = try cli.write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
        let out = dir.appendingPathComponent("out")
        let outcome = try cli.fabricsim(["sweep", queue, "--out", out.path] + arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test(
        "--vary fabric=infiniband,roce: credits stall and never pause; PFC pauses and never credit-stalls; neither drops"
    )
    func fabricsSideBySide() throws {
        let dir = try cli.temporaryDirectory()
        let microbursts = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/microbursts.yaml")
            .path
        let outcome = try cli.fabricsim([
            "sweep", microbursts, "--set", "stop.time=500us", "--vary", "fabric=infiniband,roce",
            "--format", "json", "--out", dir.path,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("fabrics side by side"))
        let lines = outcome.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        func row(_ metric: String) -> (ib: Double, roce: Double)? {
            guard let line = lines.first(where: { $0.count >= 3 && $0[$0.count - 3] == metric }) else { return nil }
            guard let ib = Double(line[line.count - 2]), let roce = Double(line[line.count - 1]) else { return nil }
            return (ib, roce)
        }
        let pauses = try #require(row("pause_frames"), "\(outcome.stdout)")
        let stalls = try #require(row("credit_stall_us"), "\(outcome.stdout)")
        let drops = try #require(row("packets_dropped"), "\(outcome.stdout)")
        #expect(pauses.ib == 0 && pauses.roce > 0)
        #expect(stalls.ib > 0 && stalls.roce == 0)
        #expect(drops.ib == 0 && drops.roce == 0)
        let page = try String(contentsOf: dir.appendingPathComponent("sweep.html"), encoding: .utf8)
        #expect(page.contains("Fabrics side by side") && page.contains("<th>infiniband</th><th>roce</th>"))
    }

    @Test("SIGINT stops a sweep with exit code 130: finished runs complete, no summary, no temporary file")
    func interrupt() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(
            """
            name: endless
            phold: {entities: 1024, population: 10000}
            """, to: "endless.yaml", in: dir)
        let out = dir.appendingPathComponent("out")
        let outcome = try cli.interrupted([
            "sweep", scenario, "--vary", "phold.entities=512,1024", "--seeds", "2", "--out", out.path,
        ])
        #expect(outcome.status == 130)
        #expect(outcome.stderr.contains("interrupted by SIGINT: 0 of 4 runs finished"), "\(outcome.stderr)")
        let left = FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []
        #expect(!left.contains { $0.contains("sweep.") || $0.contains(".tmp-") }, "\(left)")
    }
}
