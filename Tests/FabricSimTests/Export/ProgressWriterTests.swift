import FabricExport
import Foundation
import Testing

/// Where progress goes: a terminal's line redrawn in place, or plain lines at an interval for a log, each in the
/// file the moment it is written (read here while the writer is still open), without a carriage return or an
/// escape code.
@Suite("Progress writer")
struct ProgressWriterTests {
    /// A pipe whose read end does not block: what has been written so far, without closing the writer's end.
    final class Capture {
        let read: Int32
        let write: Int32

        init() throws {
            var ends: [Int32] = [0, 0]
            try #require(pipe(&ends) == 0)
            (read, write) = (ends[0], ends[1])
            _ = fcntl(read, F_SETFL, fcntl(read, F_GETFL) | O_NONBLOCK)
        }

        deinit {
            close(read)
            close(write)
        }

        /// The bytes written since the last call.
        func drain() -> [UInt8] {
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(read, $0.baseAddress, $0.count) }
                guard n > 0 else { return out }
                out += buffer[0..<n]
            }
        }
    }

    @Test("a log gets one plain line per interval, none before the first interval, each readable at once")
    func logLines() throws {
        let capture = try Capture()
        let writer = ProgressWriter(mode: .log(interval: 5), descriptor: capture.write)
        var asked = 0
        func text() -> String {
            asked += 1
            return "[ 10%]  simulated 1ms"
        }
        for t in [0.0, 1, 2.5, 4.9] { writer.update(at: t, text) }
        // A run shorter than the interval writes nothing, and its text is never made.
        #expect(capture.drain().isEmpty)
        #expect(asked == 0)
        writer.update(at: 5.1, text)
        // In the pipe before the writer is closed or anything else is written: not held in a buffer.
        #expect(String(decoding: capture.drain(), as: UTF8.self) == "progress 0:05  [ 10%]  simulated 1ms\n")
        for t in [6.0, 8, 10.0] { writer.update(at: t, text) }
        #expect(capture.drain().isEmpty)
        writer.update(at: 10.2, text)
        writer.update(at: 16, text)
        writer.finish()
        writer.update(at: 30, text)
        let bytes = capture.drain()
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "progress 0:10  [ 10%]  simulated 1ms\nprogress 0:16  [ 10%]  simulated 1ms\n")
        #expect(!bytes.contains(UInt8(ascii: "\r")) && !bytes.contains(0x1B))
        #expect(asked == 3)
    }

    @Test("a terminal's line is redrawn in place, at most five times a second, and taken away at the end")
    func terminalRedraw() throws {
        let capture = try Capture()
        let writer = ProgressWriter(mode: .terminal, descriptor: capture.write)
        writer.update(at: 0.01) { "a" }
        writer.update(at: 0.1) { "b" }
        writer.update(at: 0.25) { "c" }
        #expect(String(decoding: capture.drain(), as: UTF8.self) == "\r\u{1B}[Ka\r\u{1B}[Kc")
        writer.interject {}
        #expect(String(decoding: capture.drain(), as: UTF8.self) == "\r\u{1B}[K")
        writer.update(at: 0.3) { "d" }
        writer.finish()
        writer.update(at: 9) { "e" }
        #expect(String(decoding: capture.drain(), as: UTF8.self) == "\r\u{1B}[Kd\r\u{1B}[K")
    }

    @Test("--quiet writes nothing")
    func quiet() throws {
        let capture = try Capture()
        let writer = ProgressWriter(mode: .off, descriptor: capture.write)
        for t in stride(from: 0.0, to: 60, by: 0.5) { writer.update(at: t) { "x" } }
        writer.finish()
        #expect(capture.drain().isEmpty)
    }
}
