import Foundation
import Synchronization
import Testing

/// Progress as a log file or a pipe gets it (a Slurm job's log): plain lines at the interval asked for, each in the
/// pipe while the tool is still running, no carriage return or escape code; none with `--quiet`; standard output as
/// it was. A sweep's lines count its runs done of the total.
@Suite("fabricsim progress in a log", .serialized)
struct ProgressLogTests {
    let cli = CommandLineTests()

    /// A training run far longer than the test lets it go (it is interrupted), with a fraction from its first step.
    static let longTraining = InterruptTests.models.first { $0.name == "training" }!.yaml

    /// Reads the tool's standard error as it comes; once a progress line has arrived, notes whether the tool was
    /// still running and sends it SIGINT. Gives up (kills it, fails the test) after 60 s.
    func untilFirstProgressLine(_ arguments: [String]) throws -> (
        stderr: [UInt8], runningAtFirstLine: Bool?, status: Int32
    ) {
        let (process, err) = try cli.started(arguments)
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        var bytes: [UInt8] = []
        var running: Bool?
        while true {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            bytes += chunk
            if running == nil, String(decoding: bytes, as: UTF8.self).contains("\nprogress ") {
                running = process.isRunning
                kill(process.processIdentifier, SIGINT)
            }
        }
        process.waitUntilExit()
        watchdog.cancel()
        return (bytes, running, process.terminationStatus)
    }

    @Test("a run writes plain progress lines to a pipe while it runs: no carriage return, no escape code")
    func runLines() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(Self.longTraining, to: "long.yaml", in: dir)
        let (bytes, running, status) = try untilFirstProgressLine(
            ["run", scenario, "--out", dir.appendingPathComponent("out").path, "--progress-interval", "0.2"])
        // Flushed: the line was there before the tool ended (it ends only on the SIGINT sent after reading it).
        #expect(running == true, "no progress line while the run went on")
        #expect(status == 130)
        #expect(
            !bytes.contains(UInt8(ascii: "\r")) && !bytes.contains(0x1B), "a carriage return or an escape code in a log"
        )
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("progress ") }
        #expect(!lines.isEmpty)
        for line in lines {
            // `progress 0:01  [  0%]  simulated 1.2ms  40961 events  41k ev/s  ETA 9:59:59`
            #expect(
                line.contains("%]  simulated ") && line.contains(" events ") && line.contains(" ev/s  ETA "), "\(line)")
        }
    }

    @Test("--quiet writes no progress line")
    func quiet() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(Self.longTraining, to: "long.yaml", in: dir)
        let outcome = try cli.interrupted([
            "run", scenario, "--out", dir.appendingPathComponent("out").path, "--quiet",
            "--progress-interval", "0.1",
        ])
        #expect(outcome.status == 130)
        #expect(!outcome.stderr.contains("progress"), "\(outcome.stderr)")
    }

    @Test("a progress interval that is not a positive number of seconds is refused")
    func badInterval() throws {
        for value in ["0", "-1", "1e9"] {
            let outcome = try cli.fabricsim(["run", "missing.yaml", "--progress-interval", value])
            #expect(outcome.status == 2, "\(value): \(outcome.status)")
            #expect(outcome.stderr.contains("--progress-interval"), "\(value): \(outcome.stderr)")
        }
    }

    @Test("a sweep's progress lines count its runs done of the total; standard output keeps its finished-run lines")
    func sweepLines() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(
            """
            name: queue
            seed: 3
            queueing: {interarrival: 2us, service: 1us, customers: 100000, warmup_customers: 100}
            """, to: "queue.yaml", in: dir)
        let outcome = try cli.fabricsim([
            "sweep", scenario, "--seeds", "4", "--jobs", "1", "--format", "json",
            "--out", dir.appendingPathComponent("sweep").path, "--progress-interval", "0.1",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("\r") && !outcome.stderr.contains("\u{1B}"))
        let lines = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("progress ") }
        #expect(!lines.isEmpty, "no progress line in \(outcome.stderr)")
        var counts: [Int] = []
        for line in lines {
            let words = line.split(separator: " ")
            let at = try #require(words.firstIndex(of: "runs"), "\(line)")
            let fraction = words[at + 1].split(separator: "/").compactMap { Int($0) }
            #expect(fraction.count == 2 && fraction[1] == 4 && words[at + 2] == "done", "\(line)")
            counts.append(fraction.first ?? -1)
            // One worker: at most one running run, with its percent.
            #expect(line.split(separator: "seed").count <= 2, "\(line)")
        }
        #expect(counts == counts.sorted() && counts.allSatisfy { (0..<4).contains($0) }, "\(counts)")
        // Standard output as without progress: the sweep's line, one line per run in order, the table.
        let out = outcome.stdout.split(separator: "\n")
        #expect(
            out.first?.hasPrefix("sweep queue: 1 point × 4 seeds = 4 runs on 1 worker") == true, "\(outcome.stdout)")
        #expect(out.filter { $0.hasPrefix("[") }.map { String($0.prefix(5)) } == ["[1/4]", "[2/4]", "[3/4]", "[4/4]"])
        #expect(!outcome.stdout.contains("progress"))
    }

    @Test("crosscheck reports each fidelity's run, led by its name")
    func crosscheckLines() throws {
        let dir = try cli.temporaryDirectory()
        let scenario = try cli.write(
            RunProgressTests.permutation.replacingOccurrences(of: "2MB", with: "20MB"), to: "p.yaml", in: dir)
        let outcome = try cli.fabricsim([
            "crosscheck", scenario, "--out", dir.appendingPathComponent("cc").path, "--progress-interval", "0.05",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("progress ") }
        #expect(!lines.isEmpty, "no progress line in \(outcome.stderr)")
        #expect(lines.allSatisfy { $0.contains("  packet [") || $0.contains("  flow [") }, "\(lines)")
        #expect(!outcome.stdout.contains("progress"))
    }
}
