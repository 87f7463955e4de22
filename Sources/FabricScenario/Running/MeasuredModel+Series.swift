import FabricCollectives
import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload

/// Models sample nothing and record no spans unless they say otherwise.
extension MeasuredModel {
    public func seriesDescriptors() -> [SeriesDescriptor] { [] }
    public func sampleSeries(now: SimTime, into readings: inout [Double]) {}
    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {}
}

/// The packet network's spans in a network scenario: every flow, from its start to its last acknowledgement, on
/// its source host's row. Its series: PacketNetwork+Series.swift.
extension PacketNetwork: ReportingNetwork {
    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {
        for record in records {
            timeline.addFlow(
                topology, source: Int(record.source), destination: Int(record.destination), size: record.size,
                start: record.start, finish: record.finish, now: now)
        }
    }
}

/// The training job runs each step as its own episode inside one outer event, at the step's start, so sampling
/// between outer slices would credit a whole step's traffic to its first instant: it samples no series over the
/// run, but the network inside each step and keeps the slowest step's, on the run's clock (TrainingRun+Series.swift,
/// `MeasuredModel.episodeSeries`). Its spans are exact: each step on a row of its own, and beneath it the step time split as
/// docs/workload.md defines it — the slowest rank's forward + backward, then the stall (step time − compute-only
/// step time), then the longest optimizer; the three add up to the step time, and the stall row is `stall_ms`.
/// The slowest step is also drawn rank by rank (a row per rank: compute, the wait for its gradients' all-reduce,
/// the optimizer), as it happened.
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

/// A collective sweep runs each size as its own episode, one after another on the run's clock: its spans are the
/// sizes, back to back on one row, so the trace shows where the sweep's simulated time went.
extension CollectiveSweep {
    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {
        var start = SimTime.zero
        for row in rows {
            timeline.add(
                TimelineSpan(
                    track: "sizes", group: "collective", category: "collective",
                    name: "\(spec.kind.rawValue) \(ByteCount(row.size)) (\(spec.algorithm.rawValue))",
                    start: start, end: start + row.time))
            start = start + row.time
        }
    }
}

extension Timeline {
    /// A flow's span on its source host's row, from its start to its delivery (or to `now`, unfinished).
    mutating func addFlow(
        _ topology: Topology, source: Int, destination: Int, size: Int64, start: SimTime, finish: SimTime?,
        now: SimTime
    ) {
        let from = topology.nodes[topology.hosts[source].index].name
        let to = topology.nodes[topology.hosts[destination].index].name
        add(
            TimelineSpan(
                track: from, group: "hosts", category: "flow", name: "\(from)→\(to) \(ByteCount(size))",
                start: start, end: finish ?? max(now, start), finished: finish != nil))
    }
}
