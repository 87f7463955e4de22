import FabricKernel
import FabricMetrics

/// The training job's spans. It runs each step as its own episode inside one outer event, at the step's start, so
/// sampling between outer slices would credit a whole step's traffic to its first instant: it samples no series
/// over the run, but the network inside each step and keeps the slowest step's, on the run's clock
/// (TrainingRun+Series.swift). Its spans are exact: each step on a row of its own, and beneath it the step time
/// split as docs/workload.md defines it — the slowest rank's forward + backward, then the stall (step time −
/// compute-only step time), then the longest optimizer; the three add up to the step time, and the stall row is
/// `stall_ms`. The slowest step is also drawn rank by rank (a row per rank: compute, the wait for its gradients'
/// all-reduce, the optimizer), as it happened.
extension TrainingRun {
    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {
        for record in records {
            // Back to back, but for a checkpoint's stall between two steps.
            let start = record.start
            let end = start + record.time
            let computed = start + record.forwardBackward
            let stalled = computed + record.stall
            timeline.add(
                TimelineSpan(
                    track: "steps", group: "training", category: "step", name: "step \(record.step)",
                    start: start, end: end))
            timeline.add(
                TimelineSpan(
                    track: "forward + backward (slowest rank)", group: "training", category: "step.compute",
                    name: "step \(record.step): rank \(record.slowestComputeRank) forward + backward",
                    start: start, end: computed))
            timeline.add(
                TimelineSpan(
                    track: "stall (waiting on the network)", group: "training", category: "step.stall",
                    name: "step \(record.step) stall", start: computed, end: stalled))
            timeline.add(
                TimelineSpan(
                    track: "optimizer (longest)", group: "training", category: "step.optimizer",
                    name: "step \(record.step) optimizer", start: stalled, end: end))
            if let slowest = slowestStep, slowest.step == record.step {
                addRanks(slowest, from: start, into: &timeline)
            }
        }
    }

    /// The slowest step, rank by rank, from its `start` on the run's clock.
    func addRanks(_ slowest: SlowestStep, from start: SimTime, into timeline: inout Timeline) {
        let group = "slowest step (\(slowest.step)), rank by rank"
        for (r, phases) in slowest.ranks.enumerated() {
            let track = "rank \(r)"
            timeline.add(
                TimelineSpan(
                    track: track, group: group, category: "slowest step: compute", name: "rank \(r) forward + backward",
                    start: start, end: start + phases.computeEnd))
            if phases.reduced > phases.computeEnd {
                timeline.add(
                    TimelineSpan(
                        track: track, group: group, category: "slowest step: wait for the all-reduce",
                        name: "rank \(r) waits for its all-reduce",
                        start: start + phases.computeEnd, end: start + phases.reduced))
            }
            // A rank's last all-reduce waits for its last gradients, so `reduced` is never before `computeEnd`.
            timeline.add(
                TimelineSpan(
                    track: track, group: group, category: "slowest step: optimizer", name: "rank \(r) optimizer",
                    start: start + phases.reduced, end: start + phases.optimizerEnd))
        }
    }
}
