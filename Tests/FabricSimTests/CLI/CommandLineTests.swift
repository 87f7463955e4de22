import Foundation
import Testing

/// The `fabricsim` executable as a user meets it: exit codes, messages, and the files a run leaves.
@Suite("fabricsim command line", .serialized)
struct CommandLineTests {
    /// The tool built beside this test bundle (same build directory).
    static let executable: URL = {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("fabricsim")
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the tool; `environment` adds variables to this process's own.
    func fabricsim(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws
        -> Outcome
    {
        try Self.outcome(of: Self.executable, arguments, in: directory, environment: environment)
    }

    /// Runs `executable` to its end and collects its exit status and both outputs; `environment` adds variables to
    /// this process's own.
    static func outcome(
        of executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts the tool in the background, its standard error on the returned pipe and its standard output
    /// discarded, for a test that watches it or signals it while it runs.
    func started(_ arguments: [String]) throws -> (process: Process, stderr: Pipe) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        return (process, err)
    }

    /// Starts the tool, sends it `signal` after a second (long enough to start and install its handler), and
    /// waits for it to stop. Never hangs the suite: a process that ignores the signal is killed after 30 s and the
    /// test fails.
    func interrupted(_ arguments: [String], signal: Int32 = SIGINT) throws -> Outcome {
        let (process, err) = try started(arguments)
        Thread.sleep(forTimeInterval: 1.0)
        #expect(process.isRunning)
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            Issue.record("fabricsim did not stop on signal \(signal)")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        return Outcome(
            status: process.terminationStatus, stdout: "",
            stderr: String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fabricsim-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let smallQueue = """
        name: small
        seed: 5
        queueing:
          interarrival: 2us
          service: 1us
          customers: 20000
          warmup_customers: 1000
        """

    @Test("the same scenario and seed write byte-identical summaries; timing lives apart")
    func deterministicResults() throws {
        let dir = try temporaryDirectory()
        let scenario = try write(Self.smallQueue, to: "small.yaml", in: dir)
        for out in ["a", "b"] {
            let outcome = try fabricsim(["run", scenario, "--out", dir.appendingPathComponent(out).path, "--quiet"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
        }
        let a = try Data(contentsOf: dir.appendingPathComponent("a/summary.json"))
        let b = try Data(contentsOf: dir.appendingPathComponent("b/summary.json"))
        #expect(a == b)
        #expect(!a.isEmpty)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("a/timing.json").path))
        let summary = String(decoding: a, as: UTF8.self)
        #expect(!summary.contains("wall"))
        // Nothing but the default result files (json, csv, html): no temporary left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("a").path).sorted()
        #expect(left == ["metrics.csv", "report.html", "stations.csv", "summary.json", "timing.json"])
    }

    @Test("a packet-network run is byte-identical for the same seed, different for another")
    func deterministicNetwork() throws {
        let dir = try temporaryDirectory()
        let scenario = try write(
            """
            name: net
            fabric: roce
            topology: {shape: leaf-spine, leaves: 2, spines: 2, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1}
            network: {load_balancing: ecmp}
            traffic: {pattern: permutation, bytes: 200KB}
            """, to: "net.yaml", in: dir)
        for (out, seed) in [("a", "1"), ("b", "1"), ("c", "2")] {
            let outcome = try fabricsim([
                "run", scenario, "--seed", seed, "--out", dir.appendingPathComponent(out).path, "--quiet",
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let a = try Data(contentsOf: dir.appendingPathComponent("a/summary.json"))
        let b = try Data(contentsOf: dir.appendingPathComponent("b/summary.json"))
        let c = try Data(contentsOf: dir.appendingPathComponent("c/summary.json"))
        #expect(a == b)
        #expect(a != c)
        #expect(String(decoding: a, as: UTF8.self).contains("\"packets_dropped\": 0"))
    }

    @Test("info describes a fabric in numbers")
    func networkInfo() throws {
        let dir = try temporaryDirectory()
        let scenario = try write(
            """
            topology: {shape: fat-tree, k: 4}
            traffic: {pattern: all-to-all, bytes: 1KB}
            """, to: "ft.yaml", in: dir)
        let outcome = try fabricsim(["info", scenario])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("16"))
        #expect(outcome.stdout.contains("bisection bandwidth"))
        #expect(outcome.stdout.contains("240 flows"))
    }

    @Test("a different seed gives different results")
    func seedMatters() throws {
        let dir = try temporaryDirectory()
        let scenario = try write(Self.smallQueue, to: "small.yaml", in: dir)
        _ = try fabricsim(["run", scenario, "--out", dir.appendingPathComponent("a").path, "--quiet"])
        _ = try fabricsim(["run", scenario, "--seed", "6", "--out", dir.appendingPathComponent("b").path, "--quiet"])
        let a = try Data(contentsOf: dir.appendingPathComponent("a/summary.json"))
        let b = try Data(contentsOf: dir.appendingPathComponent("b/summary.json"))
        #expect(a != b)
    }

    @Test("run prints a summary with the theory beside the measurement and the results directory")
    func terminalSummary() throws {
        let dir = try temporaryDirectory()
        let scenario = try write(Self.smallQueue, to: "small.yaml", in: dir)
        let outcome = try fabricsim(["run", scenario], in: dir)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("mean_time_in_system_us"))
        let meanRow = outcome.stdout.split(separator: "\n").first { $0.hasPrefix("mean_time_in_system_us ") }
        // measured, theory (exactly 2 us at utilisation 0.5) and the signed difference in percent
        #expect(meanRow?.split(separator: " ").count == 5, "\(String(describing: meanRow))")
        #expect(meanRow?.contains(" 2 ") == true)
        #expect(meanRow?.hasSuffix("%") == true)
        #expect(outcome.stdout.contains("✓ customer conservation"))
        #expect(outcome.stdout.contains("results/small"))
        // Not a terminal: no progress line.
        #expect(!outcome.stderr.contains("ETA"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("results/small/summary.json").path))
    }

    @Test("bad input exits 2 with the file, line and key, and writes nothing")
    func badInputExitsTwo() throws {
        let dir = try temporaryDirectory()
        let cases: [(String, String)] = [
            ("phold:\n  entitys: 3\n", "did you mean 'entities'"),
            ("phold:\n  entities: ten\n", "found 'ten'"),
            ("phold:\n  entities: -4\n", "expected a value from 1"),
            ("phold:\n  population: 1e15\n", "50000000"),
            ("phold: [\n", "malformed YAML"),
            ("", "the file is empty"),
        ]
        for (i, (text, expected)) in cases.enumerated() {
            let path = try write(text, to: "bad\(i).yaml", in: dir)
            let out = dir.appendingPathComponent("out\(i)")
            let outcome = try fabricsim(["run", path, "--out", out.path])
            #expect(outcome.status == 2, "case \(i)")
            #expect(outcome.stderr.contains(expected), "case \(i): \(outcome.stderr)")
            #expect(outcome.stderr.contains("bad\(i).yaml"), "case \(i)")
            #expect(!outcome.stderr.contains("Fatal error"), "case \(i)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "case \(i)")
        }
    }

    @Test("a missing file, a bad option and a bad --set all exit 2")
    func otherBadInput() throws {
        #expect(try fabricsim(["run", "/nonexistent/x.yaml"]).status == 2)
        #expect(try fabricsim(["run"]).status == 2)
        #expect(try fabricsim(["run", "x.yaml", "--seed", "minus-one"]).status == 2)
        #expect(try fabricsim(["frobnicate"]).status == 2)
        let dir = try temporaryDirectory()
        let scenario = try write(Self.smallQueue, to: "small.yaml", in: dir)
        let outcome = try fabricsim(["validate", scenario, "--set", "queueing.service=5us"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("(--set queueing.service=5us)"))
    }

    @Test("validate checks several files and reports each")
    func validateSeveral() throws {
        let dir = try temporaryDirectory()
        let good = try write(Self.smallQueue, to: "good.yaml", in: dir)
        let bad = try write("phold: {entities: 0}", to: "bad.yaml", in: dir)
        let outcome = try fabricsim(["validate", good, bad])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.contains("good.yaml: ok"))
        #expect(outcome.stderr.contains("bad.yaml"))
        #expect(try fabricsim(["validate", good]).status == 0)
    }

    @Test("info describes the scenario in numbers without running it")
    func info() throws {
        let dir = try temporaryDirectory()
        let scenario = try write(Self.smallQueue, to: "small.yaml", in: dir)
        let outcome = try fabricsim(["info", scenario])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("utilisation ρ = 0.5"))
        #expect(outcome.stdout.contains("theory: mean time in system  2 us"))
    }

    @Test("version and help exit 0")
    func versionAndHelp() throws {
        let version = try fabricsim(["version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("fabricsim "))
        #expect(try fabricsim(["--help"]).status == 0)
        #expect(try fabricsim(["run", "--help"]).stdout.contains("--set"))
    }
}
