import FabricExport
import FabricMetrics
import Foundation
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("keys keep their insertion order and the same value gives the same bytes")
    func stableOrder() {
        var object = ResultObject()
        object["zeta"] = .int(1)
        object["alpha"] = .double(0.5)
        object["mid"] = .array([.int(1), .int(2)])
        let first = JSONWriter.string(.object(object))
        #expect(first == JSONWriter.string(.object(object)))
        let zeta = first.range(of: "zeta")!.lowerBound
        let alpha = first.range(of: "alpha")!.lowerBound
        #expect(zeta < alpha)
    }

    @Test("the output parses as JSON with the same values, strings escaped")
    func roundTripsThroughFoundation() throws {
        var object = ResultObject()
        object["text"] = .string("quote \" backslash \\ newline \n tab \t bell \u{07} é")
        object["int"] = .int(-42)
        object["double"] = .double(1e-7)
        object["big"] = .double(123456789.125)
        object["flag"] = .bool(true)
        object["none"] = .null
        object["nested"] = .object(ResultObject(["list": .array([.object(ResultObject(["a": .int(1)]))])]))
        let data = Data(JSONWriter.string(.object(object)).utf8)
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(parsed["text"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} é")
        #expect(parsed["int"] as? Int == -42)
        #expect(parsed["double"] as? Double == 1e-7)
        #expect(parsed["big"] as? Double == 123456789.125)
        #expect(parsed["flag"] as? Bool == true)
        #expect(parsed["none"] is NSNull)
    }

    @Test("infinities and NaN, which JSON cannot hold, are written as null")
    func nonFinite() throws {
        let text = JSONWriter.string(.array([.double(.infinity), .double(.nan), .double(-.infinity)]))
        #expect(text == "[null, null, null]\n")
    }
}

@Suite("Atomic result files")
struct AtomicFilesTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fabricsim-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("staged files are invisible until commit, then all appear complete")
    func commitMakesFilesAppear() throws {
        let dir = try temporaryDirectory()
        var files = AtomicFiles(directory: dir)
        try files.stage("a.json", contents: "{}\n")
        try files.stage("b.json", contents: "[]\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.json").path))
        try files.commit()
        #expect(try String(contentsOf: dir.appendingPathComponent("a.json"), encoding: .utf8) == "{}\n")
        #expect(try String(contentsOf: dir.appendingPathComponent("b.json"), encoding: .utf8) == "[]\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.json", "b.json"])
    }

    @Test("discarding leaves the previous results untouched and no temporary files")
    func discardKeepsOldResults() throws {
        let dir = try temporaryDirectory()
        try "old\n".write(to: dir.appendingPathComponent("a.json"), atomically: false, encoding: .utf8)
        var files = AtomicFiles(directory: dir)
        try files.stage("a.json", contents: "new\n")
        files.discard()
        #expect(try String(contentsOf: dir.appendingPathComponent("a.json"), encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.json"])
    }

    @Test("a destination that cannot be created is an error, not a crash")
    func unwritableDestination() throws {
        let dir = try temporaryDirectory()
        let blocker = dir.appendingPathComponent("file")
        try "x".write(to: blocker, atomically: false, encoding: .utf8)
        var files = AtomicFiles(directory: blocker.appendingPathComponent("sub"))
        #expect(throws: (any Error).self) { try files.stage("a.json", contents: "{}") }
    }
}
