import FabricExport
import Foundation
import Testing

/// A results directory holds one run's files: swapped in whole, never replacing what is not this tool's, and
/// cleaned of what killed writers left — but only of theirs.
@Suite("Results directory")
struct ResultDirectoryTests {
    let manager = FileManager.default

    func temporaryDirectory() throws -> URL {
        let url = manager.temporaryDirectory.appendingPathComponent("fabricsim-resultdir-\(UUID().uuidString)")
        try manager.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func contents(_ url: URL) throws -> [String] { try manager.contentsOfDirectory(atPath: url.path).sorted() }

    /// The id of a process that has just ended (a pid is reused only after the kernel has gone round all of them).
    func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func write(_ files: [String: String], to directory: inout ResultDirectory) throws {
        _ = try ResultFiles.write(files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, to: &directory)
    }

    @Test("a temporary's name reads back: target, kind, host and pid; 0.1.0's names without a host too; others are not")
    func names() {
        let name = TemporaryName(target: "summary.json", kind: .tmp, host: "node_01.cluster", pid: 4242)
        #expect(name.text == ".summary.json.tmp-node_01.cluster-4242")
        #expect(TemporaryName(parsing: name.text) == name)
        let directory = TemporaryName(target: "spines=2-x", kind: .new, host: "h", pid: 7)
        #expect(TemporaryName(parsing: directory.text) == directory)
        #expect(
            TemporaryName(parsing: ".summary.json.tmp-31337")
                == TemporaryName(target: "summary.json", kind: .tmp, host: nil, pid: 31337))
        for other in [
            "summary.json", ".summary.json", ".summary.json.tmp-", ".summary.json.tmp-abc", ".x.new-12", ".x.bak-h-12",
            ".tmp-12",
        ] {
            #expect(TemporaryName(parsing: other) == nil, "\(other)")
        }
        #expect(!TemporaryName.thisHost.contains("-") && !TemporaryName.thisHost.isEmpty)
    }

    @Test("a rewrite holds only the new files; nothing is left beside the directory")
    func swapReplacesWhole() throws {
        let parent = try temporaryDirectory()
        let path = parent.appendingPathComponent("r").path
        var first = try ResultDirectory(path: path)
        try write(
            ["summary.json": "{\"schema\": \"fabricsim.summary/2\"}\n", "trace.json": "[]\n", "report.html": "<html>"],
            to: &first)
        var second = try ResultDirectory(path: path)
        try write(["summary.json": "{\"schema\": \"fabricsim.summary/2\", \"n\": 2}\n"], to: &second)
        #expect(try contents(parent) == ["r"])
        #expect(try contents(parent.appendingPathComponent("r")) == ["summary.json"])
        #expect(
            try String(contentsOf: parent.appendingPathComponent("r/summary.json"), encoding: .utf8).contains(
                "\"n\": 2"))
    }

    @Test(
        "only an empty directory or FabricSim's own is replaced: a folder of other files, a file, the current directory are refused"
    )
    func rule() throws {
        let dir = try temporaryDirectory()
        func refusal(_ path: String) -> ResultDirectoryError? {
            do {
                _ = try ResultDirectory(path: path, currentDirectory: dir.path)
                return nil
            } catch { return error }
        }
        #expect(refusal("") == .emptyPath)
        #expect(refusal(".") == .holdsCurrentDirectory)
        #expect(refusal(dir.deletingLastPathComponent().path) == .holdsCurrentDirectory)
        #expect(refusal("/") == .holdsCurrentDirectory)
        try "x".write(to: dir.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)
        #expect(refusal("notes.txt") == .notADirectory)

        let mine = dir.appendingPathComponent("mine")
        try manager.createDirectory(at: mine, withIntermediateDirectories: true)
        #expect(refusal("mine") == nil) // empty
        try "{\"schema\": \"fabricsim.summary/2\"}".write(
            to: mine.appendingPathComponent("summary.json"), atomically: false, encoding: .utf8)
        try "metric,value\n".write(to: mine.appendingPathComponent("metrics.csv"), atomically: false, encoding: .utf8)
        #expect(refusal("mine") == nil)
        try "x".write(to: mine.appendingPathComponent("README.md"), atomically: false, encoding: .utf8)
        guard case .notResults(let reason)? = refusal("mine") else {
            Issue.record("README.md beside results was accepted")
            return
        }
        #expect(reason.contains("'README.md'"))

        // Only names FabricSim writes, but none of them written by it: a folder of one's own CSV data.
        let data = dir.appendingPathComponent("data")
        try manager.createDirectory(at: data.appendingPathComponent("2024"), withIntermediateDirectories: true)
        try "a,b\n1,2\n".write(to: data.appendingPathComponent("2024/prices.csv"), atomically: false, encoding: .utf8)
        guard case .notResults? = refusal("data") else {
            Issue.record("a folder of CSV data was accepted")
            return
        }

        // A sweep: point and seed folders, shards; a folder deeper than a sweep's is not FabricSim's.
        let sweep = dir.appendingPathComponent("sweep")
        try manager.createDirectory(
            at: sweep.appendingPathComponent("spines=2/seed-1"), withIntermediateDirectories: true)
        try manager.createDirectory(at: sweep.appendingPathComponent("shards"), withIntermediateDirectories: true)
        try "{\"schema\": \"fabricsim.sweep/1\"}".write(
            to: sweep.appendingPathComponent("shards/shard-0-of-2.json"), atomically: false, encoding: .utf8)
        try "{}".write(
            to: sweep.appendingPathComponent("spines=2/seed-1/summary.json"), atomically: false, encoding: .utf8)
        #expect(refusal("sweep") == nil)
        try manager.createDirectory(
            at: sweep.appendingPathComponent("spines=2/seed-1/deeper"), withIntermediateDirectories: true)
        guard case .notResults? = refusal("sweep") else {
            Issue.record("a folder three levels down was accepted")
            return
        }
    }

    @Test(
        "stale temporaries of dead writers are removed at start, beside and inside; a live writer's, another host's and other names stay"
    )
    func staleTemporaries() throws {
        let parent = try temporaryDirectory()
        let results = parent.appendingPathComponent("r")
        try manager.createDirectory(at: results.appendingPathComponent("shards"), withIntermediateDirectories: true)
        try "{\"schema\": \"fabricsim.summary/2\"}".write(
            to: results.appendingPathComponent("summary.json"), atomically: false, encoding: .utf8)
        let dead = try deadPID()
        let live = ProcessInfo.processInfo.processIdentifier
        let host = TemporaryName.thisHost
        let beside: [(String, Bool)] = [
            (TemporaryName(target: "r", kind: .new, host: host, pid: dead).text, false),
            (TemporaryName(target: "r", kind: .new, host: host, pid: live).text, true),
            (TemporaryName(target: "r", kind: .new, host: "another_host", pid: dead).text, true),
            (TemporaryName(target: "other", kind: .new, host: host, pid: dead).text, true), // another directory's
            (".r.new-backup", true),
        ]
        for (name, _) in beside {
            try manager.createDirectory(at: parent.appendingPathComponent(name), withIntermediateDirectories: false)
        }
        let inside: [(String, Bool)] = [
            ("shards/" + TemporaryName(target: "shard-0-of-2.json", kind: .tmp, host: host, pid: dead).text, false),
            (".summary.json.tmp-\(dead)", false), // 0.1.0's name, as issue 15 found them
            (".summary.json.tmp-\(live)", true),
        ]
        for (name, _) in inside {
            try "partial".write(to: results.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }

        _ = try ResultDirectory(path: results.path)
        for (name, kept) in beside {
            #expect(manager.fileExists(atPath: parent.appendingPathComponent(name).path) == kept, "\(name)")
        }
        for (name, kept) in inside {
            #expect(manager.fileExists(atPath: results.appendingPathComponent(name).path) == kept, "\(name)")
        }
        #expect(manager.fileExists(atPath: results.appendingPathComponent("summary.json").path))
    }

    @Test(
        "a writer killed while building leaves the old results; killed between the renames, the old ones are put back")
    func killedWriter() throws {
        let parent = try temporaryDirectory()
        let path = parent.appendingPathComponent("r").path
        var first = try ResultDirectory(path: path)
        try write(
            ["summary.json": "{\"schema\": \"fabricsim.summary/2\", \"run\": 1}\n", "report.html": "FabricSim"],
            to: &first)
        let old = try contents(parent.appendingPathComponent("r"))
        let dead = try deadPID()

        // Killed while writing the new files: they are in a dead process's `new` directory, which goes.
        let building = parent.appendingPathComponent(
            TemporaryName(target: "r", kind: .new, host: TemporaryName.thisHost, pid: dead).text)
        try manager.createDirectory(at: building, withIntermediateDirectories: false)
        try "{\"sch".write(to: building.appendingPathComponent("summary.json"), atomically: false, encoding: .utf8)
        _ = try ResultDirectory(path: path)
        #expect(try contents(parent) == ["r"])
        #expect(try contents(parent.appendingPathComponent("r")) == old)

        // Killed after the old directory was renamed aside and before the new one came in: it is put back.
        let aside = parent.appendingPathComponent(
            TemporaryName(target: "r", kind: .old, host: TemporaryName.thisHost, pid: dead).text)
        #expect(rename(path, aside.path) == 0)
        try manager.createDirectory(at: building, withIntermediateDirectories: false)
        _ = try ResultDirectory(path: path)
        #expect(try contents(parent) == ["r"])
        #expect(
            try String(contentsOf: parent.appendingPathComponent("r/summary.json"), encoding: .utf8).contains(
                "\"run\": 1"))
    }
}
