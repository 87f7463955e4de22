import Foundation
import Synchronization

/// Where and how often progress is written. On a terminal, one line redrawn in place (carriage return and
/// erase-line) at most five times a second. Anywhere else — a log file, a pipe, a Slurm job's log — plain lines,
/// `progress M:SS  TEXT`, one every `interval` seconds (none for a run shorter than that), each written at once with
/// no escape code, so a log shows how far a job got even when it is cancelled. Nothing with `--quiet`.
///
/// Lines are written with write(2), unbuffered: a line is in the file the moment it is made. Text is asked for only
/// when a line is due (`update` takes a closure), so a caller may report every few thousand events for nothing.
/// One writer may be used from several threads (a sweep's workers print their finished runs between the lines).
public final class ProgressWriter: Sendable {
    public enum Mode: Sendable, Equatable {
        case off
        case terminal
        /// Plain lines, every `interval` seconds.
        case log(interval: Double)
    }

    /// A log's default interval: often enough to follow a job, rarely enough that an eight-hour job writes a few
    /// thousand lines.
    public static let defaultInterval = 5.0
    /// The least time between two redraws of a terminal's line: more is flicker, not information.
    static let redrawInterval = 0.2

    public let mode: Mode
    let descriptor: Int32
    private struct State {
        /// Wall seconds of the last line written, from the caller's start.
        var last = 0.0
        /// A terminal line is on the screen.
        var drawn = false
        var finished = false
    }
    private let state = Mutex(State())

    public init(mode: Mode, descriptor: Int32) {
        self.mode = mode
        self.descriptor = descriptor
    }

    /// Progress on standard error: redrawn if it is a terminal, plain lines every `interval` seconds otherwise,
    /// none when `quiet`.
    public static func standardError(quiet: Bool, interval: Double = defaultInterval) -> ProgressWriter {
        let mode: Mode = quiet ? .off : isatty(STDERR_FILENO) != 0 ? .terminal : .log(interval: interval)
        return ProgressWriter(mode: mode, descriptor: STDERR_FILENO)
    }

    /// Writes `text()` if a line is due `seconds` after the start.
    public func update(at seconds: Double, _ text: () -> String) {
        state.withLock { state in
            guard !state.finished else { return }
            switch mode {
            case .off:
                return
            case .terminal:
                guard !state.drawn || seconds - state.last >= Self.redrawInterval else { return }
                write("\r\u{1B}[K" + fitted(text()))
                state.drawn = true
            case .log(let interval):
                guard seconds - state.last >= interval else { return }
                write("progress " + ProgressText.duration(seconds) + "  " + text() + "\n")
            }
            state.last = seconds
        }
    }

    /// Writes what `body` prints to standard output between two progress lines: on a terminal the line is taken
    /// away first and drawn again at the next update; standard output is flushed after, so a log has it at once.
    public func interject(_ body: () -> Void) {
        state.withLock { state in
            if state.drawn {
                write("\r\u{1B}[K")
                state.drawn = false
            }
            body()
            fflush(nil) // every output stream: standard output is the one written here
        }
    }

    /// Takes a terminal's line away and writes no more: the run's own output follows.
    public func finish() {
        state.withLock { state in
            if state.drawn { write("\r\u{1B}[K") }
            state.drawn = false
            state.finished = true
        }
    }

    /// A terminal's line cut to its width, so that a carriage return goes back to its start.
    private func fitted(_ line: String) -> String {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 1, line.count >= Int(size.ws_col) else {
            return line
        }
        return String(line.prefix(Int(size.ws_col) - 2)) + "…"
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
