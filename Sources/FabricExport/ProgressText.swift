import FabricKernel
import Foundation

/// The text of a progress report: a run's (`[ 42%]  simulated 3.12ms  409600 events  2.6M ev/s  ETA 0:12`) and a
/// sweep's (`runs 3/12 done  spines=8 seed 2 41%  spines=16 seed 1 12%  ETA 1:02`). The same text goes to a
/// terminal, redrawn, and to a log, one line at a time (`ProgressWriter`).
public enum ProgressText {
    /// A run's line. `fraction` is of the run's goal (nil: unknown); the time left is read from it and the wall
    /// time so far.
    public static func run(fraction: Double?, simulatedTime: SimTime, events: UInt64, wallSeconds: Double) -> String {
        let rate = wallSeconds > 0 ? Double(events) / wallSeconds : 0
        var line = "  simulated \(simulatedTime.roundedDescription)  \(events) events  \(Self.rate(rate)) ev/s"
        if let fraction {
            line = percent(fraction) + line
            if let left = timeLeft(elapsed: wallSeconds, done: fraction, remaining: 1 - fraction) {
                line += "  ETA " + duration(left)
            }
        }
        return line
    }

    /// A run in progress in a sweep: its label (`spines=8 seed 2`) and its fraction (nil: unknown).
    public struct Running: Sendable, Equatable {
        public var label: String
        public var fraction: Double?

        public init(label: String, fraction: Double?) {
            self.label = label
            self.fraction = fraction
        }
    }

    /// A sweep's line: runs done of the total, each running run's fraction, and the sweep's time left, with
    /// `work` runs' worth done in `wallSeconds` (runs read back by `--resume` cost nothing and are left out of it).
    public static func sweep(
        done: Int, total: Int, running: [Running], work: Double, remaining: Double, wallSeconds: Double
    ) -> String {
        var line = "runs \(done)/\(total) done"
        for run in running {
            line += "  \(run.label) " + (run.fraction.map { String(format: "%.0f%%", min(1, max(0, $0)) * 100) } ?? "…")
        }
        if let left = timeLeft(elapsed: wallSeconds, done: work, remaining: remaining) {
            line += "  ETA " + duration(left)
        }
        return line
    }

    /// `[ 42%]`: whole percents, never 100 % before the end (99.6 % is `[ 99%]`) and never below 0.
    public static func percent(_ fraction: Double) -> String {
        let clamped = min(1, max(0, fraction))
        let whole = clamped < 1 ? min(99, Int(clamped * 100)) : 100
        return "[" + String(repeating: " ", count: 3 - String(whole).count) + "\(whole)%]"
    }

    /// Wall seconds left when `done` of some work took `elapsed` and `remaining` of it is left, at the same pace;
    /// nil before any is done (no pace is known yet).
    public static func timeLeft(elapsed: Double, done: Double, remaining: Double) -> Double? {
        guard done > 0, elapsed > 0 else { return nil }
        return elapsed * max(0, remaining) / done
    }

    /// Events per second: `850k`, `2.6M`.
    public static func rate(_ value: Double) -> String {
        value >= 1e6 ? String(format: "%.1fM", value / 1e6) : String(format: "%.0fk", value / 1e3)
    }

    /// A wall duration as a clock shows it: `0:07`, `12:34`, `1:02:03`.
    public static func duration(_ seconds: Double) -> String {
        let s = seconds.isFinite ? Int(min(seconds, 1e9).rounded()) : 0
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
