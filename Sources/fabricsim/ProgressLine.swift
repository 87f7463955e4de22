import FabricScenario
import Foundation

/// The one-line progress report on a terminal's standard error: simulated time, percent done, events per
/// second and time left. Redrawn at most five times a second; absent when standard error is not a terminal, so
/// logs and pipes stay clean.
final class ProgressLine {
    let enabled: Bool
    private var lastDraw = -1.0
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ report: RunProgress, wallSeconds: Double) {
        guard enabled, wallSeconds - lastDraw >= 0.2 else { return }
        lastDraw = wallSeconds
        let rate = wallSeconds > 0 ? Double(report.events) / wallSeconds : 0
        var line = "  simulated \(report.simulatedTime.roundedDescription)  \(report.events) events  \(Self.rate(rate)) ev/s"
        if let fraction = report.fraction, fraction > 0 {
            line = String(format: "[%3.0f%%]", fraction * 100) + line
            let remaining = wallSeconds * (1 - fraction) / fraction
            line += "  ETA " + Self.duration(remaining)
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func rate(_ value: Double) -> String {
        value >= 1e6 ? String(format: "%.1fM", value / 1e6) : String(format: "%.0fk", value / 1e3)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
