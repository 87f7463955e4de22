import FabricExport
import FabricKernel
import Testing

/// The text of a progress report: clock-like durations, whole percents that say 100 % only at the end, and a time
/// left that is the time so far scaled by the work left over the work done.
@Suite("Progress text")
struct ProgressTextTests {
    @Test("durations read as a clock: 0:07, 12:34, 1:02:03")
    func durations() {
        #expect(ProgressText.duration(7) == "0:07")
        #expect(ProgressText.duration(6.6) == "0:07")
        #expect(ProgressText.duration(754) == "12:34")
        #expect(ProgressText.duration(3723) == "1:02:03")
        #expect(ProgressText.duration(.infinity) == "0:00")
    }

    @Test("percents are whole, clamped to 0...100, and 100 only once the work is done")
    func percents() {
        #expect(ProgressText.percent(0) == "[  0%]")
        #expect(ProgressText.percent(0.425) == "[ 42%]")
        #expect(ProgressText.percent(0.996) == "[ 99%]")
        #expect(ProgressText.percent(1) == "[100%]")
        #expect(ProgressText.percent(-0.5) == "[  0%]")
        #expect(ProgressText.percent(3) == "[100%]")
    }

    @Test("the time left is the time so far × work left ÷ work done; unknown before any is done")
    func timeLeft() {
        // A quarter done in 10 s: three quarters left at the same pace take 30 s.
        #expect(ProgressText.timeLeft(elapsed: 10, done: 0.25, remaining: 0.75) == 30)
        // 3.5 runs' worth in 35 s, 8.5 left: 85 s.
        #expect(ProgressText.timeLeft(elapsed: 35, done: 3.5, remaining: 8.5) == 85)
        #expect(ProgressText.timeLeft(elapsed: 10, done: 0, remaining: 1) == nil)
        #expect(ProgressText.timeLeft(elapsed: 0, done: 0.5, remaining: 0.5) == nil)
    }

    @Test("a run's line: percent, simulated time, events, rate and time left; no percent nor ETA without a goal")
    func runLine() {
        let line = ProgressText.run(fraction: 0.25, simulatedTime: .milliseconds(3), events: 2_000_000, wallSeconds: 10)
        #expect(line == "[ 25%]  simulated 3ms  2000000 events  200k ev/s  ETA 0:30")
        let unknown = ProgressText.run(
            fraction: nil, simulatedTime: .milliseconds(3), events: 2_000_000, wallSeconds: 1)
        #expect(unknown == "  simulated 3ms  2000000 events  2.0M ev/s")
        // Nothing done yet: a percent, but no pace to tell the time left from.
        #expect(!ProgressText.run(fraction: 0, simulatedTime: .zero, events: 0, wallSeconds: 1).contains("ETA"))
    }

    @Test("a sweep's line: runs done of the total, each running run's percent, and the sweep's time left")
    func sweepLine() {
        let line = ProgressText.sweep(
            done: 3, total: 12,
            running: [
                ProgressText.Running(label: "p0001-spines=8 seed 2", fraction: 0.41),
                ProgressText.Running(label: "p0002-spines=16 seed 1", fraction: nil),
            ], work: 3.5, remaining: 8.5, wallSeconds: 35)
        #expect(line == "runs 3/12 done  p0001-spines=8 seed 2 41%  p0002-spines=16 seed 1 …  ETA 1:25")
        #expect(
            ProgressText.sweep(done: 0, total: 4, running: [], work: 0, remaining: 4, wallSeconds: 3) == "runs 0/4 done"
        )
    }
}
