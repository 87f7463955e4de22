import FabricCollectives
import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricTopology
import FabricWorkload

/// Models sample nothing and record no spans unless they say otherwise.
extension MeasuredModel {
    public func seriesDescriptors() -> [SeriesDescriptor] { [] }
    public func sampleSeries(now: SimTime, into readings: inout [Double]) {}
    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {}
}

/// The packet network's series and spans in a network scenario, read from its public state between slices of
/// events (nothing is added to the network's hot path).
///
/// Series: the fabric as a whole (switch queues, packets in flight, flows completed, goodput, drops, ECN marks,
/// pause frames); utilisation by tier and direction (`leaf→spine`); the queue depth of every switch egress port;
/// under PFC, the fraction of time each port was paused. Spans: every flow, from its start to its last
/// acknowledgement, on its source host's row.
extension PacketNetwork: ReportingNetwork {
    public func seriesDescriptors() -> [SeriesDescriptor] {
        var descriptors = [
            SeriesDescriptor("switch_queue_bytes", unit: "bytes", kind: .level),
            SeriesDescriptor("packets_in_flight", unit: "packets", kind: .level),
            SeriesDescriptor("flows_completed", unit: "flows", kind: .level),
            SeriesDescriptor("goodput", unit: "bit/s", kind: .rate),
            SeriesDescriptor("drops", unit: "1/s", kind: .rate),
            SeriesDescriptor("ecn_marks", unit: "1/s", kind: .rate),
            SeriesDescriptor("pause_frames", unit: "1/s", kind: .rate),
        ]
        for tier in tiers {
            descriptors.append(SeriesDescriptor("utilisation", subject: tier.label, unit: "fraction", kind: .rate))
        }
        let names = topology.linkNames
        for p in switchPorts {
            descriptors.append(SeriesDescriptor("queue_bytes", subject: names[p], unit: "bytes", kind: .level))
        }
        // Under PFC, the fraction of each interval a port was paused (any class), NICs included: the time paused
        // so far, a pause still in force counted up to the sample (PacketNetwork.timePaused(port:now:)).
        if config.flowControl == .pfc {
            for p in topology.ports.indices {
                descriptors.append(SeriesDescriptor("paused", subject: names[p], unit: "fraction", kind: .rate))
            }
        }
        return descriptors
    }

    public func sampleSeries(now: SimTime, into readings: inout [Double]) {
        var switchQueued: Int64 = 0
        for p in switchPorts { switchQueued += ports[p].queuedBytes }
        var i = 0
        func put(_ value: Double) {
            readings[i] = value
            i += 1
        }
        put(Double(switchQueued))
        put(Double(packetsInFlight))
        put(Double(counters.flowsCompleted))
        put(Double(counters.goodputBytes) * 8)
        put(Double(counters.packetsDropped))
        put(Double(counters.ecnMarks))
        put(Double(counters.pauseFrames))
        // Mean busy seconds per port of each tier: its rate is the tier's mean utilisation.
        var busy = [Double](repeating: 0, count: 16)
        var count = [Int](repeating: 0, count: 16)
        for p in topology.ports.indices {
            let slot = Self.tierSlot(topology, port: p)
            busy[slot] += busyTime(port: p, now: now).seconds
            count[slot] += 1
        }
        for tier in tiers { put(busy[tier.slot] / Double(max(1, count[tier.slot]))) }
        for p in switchPorts { put(Double(ports[p].queuedBytes)) }
        if config.flowControl == .pfc {
            for p in topology.ports.indices { put(timePaused(port: p, now: now).seconds) }
        }
    }

    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {
        for record in records {
            timeline.addFlow(topology, source: Int(record.source), destination: Int(record.destination), size: record.size,
                             start: record.start, finish: record.finish, now: now)
        }
    }

    /// Egress ports of switches, in port order: where queues build.
    var switchPorts: [Int] {
        return topology.ports.indices.filter { topology.nodes[topology.ports[$0].node.index].role != .host }
    }

    /// The tiers present, as (from role → to role), lowest first, upward before downward.
    var tiers: [(slot: Int, label: String)] {
        var present = Set<Int>()
        for p in topology.ports.indices { present.insert(Self.tierSlot(topology, port: p)) }
        return present.sorted { a, b in
            // Order by the lower of the two tiers, then upward first.
            let (af, at) = (a / 4, a % 4), (bf, bt) = (b / 4, b % 4)
            return (min(af, at), af > at ? 1 : 0) < (min(bf, bt), bf > bt ? 1 : 0)
        }.map { slot in
            (slot: slot, label: "\(NodeRole.allCases[slot / 4])→\(NodeRole.allCases[slot % 4])")
        }
    }

    static func tierSlot(_ topology: Topology, port p: Int) -> Int {
        let from = topology.nodes[topology.ports[p].node.index].role.tier
        let to = topology.nodes[topology.neighbour(through: PortID(p)).index].role.tier
        return from * 4 + to
    }
}

/// The training job runs each step as its own packet-level episode inside one outer event, at the step's start,
/// so sampling between outer slices would credit a whole step's traffic to its first instant: it samples no
/// series. Its spans are exact: each step on a row of its own, and beneath it the step time split as
/// docs/workload.md defines it — the slowest rank's forward + backward, then the stall (step time − compute-only
/// step time), then the longest optimizer; the three add up to the step time, and the stall row is `stall_ms`.
/// The slowest step is also drawn rank by rank (a row per rank: compute, the wait for its gradients' all-reduce,
/// the optimizer), as it happened.
extension TrainingRun {
    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {
        // Steps run back to back: each starts when the one before it ends.
        var start = SimTime.zero
        for record in records {
            let end = start + record.time
            let computed = start + record.forwardBackward
            let stalled = computed + record.stall
            timeline.add(TimelineSpan(track: "steps", group: "training", category: "step", name: "step \(record.step)",
                                      start: start, end: end))
            timeline.add(TimelineSpan(track: "forward + backward (slowest rank)", group: "training", category: "step.compute",
                                      name: "step \(record.step): rank \(record.slowestComputeRank) forward + backward",
                                      start: start, end: computed))
            timeline.add(TimelineSpan(track: "stall (waiting on the network)", group: "training", category: "step.stall",
                                      name: "step \(record.step) stall", start: computed, end: stalled))
            timeline.add(TimelineSpan(track: "optimizer (longest)", group: "training", category: "step.optimizer",
                                      name: "step \(record.step) optimizer", start: stalled, end: end))
            if let slowest = slowestStep, slowest.step == record.step { addRanks(slowest, from: start, into: &timeline) }
            start = end
        }
    }

    func addRanks(_ slowest: SlowestStep, from start: SimTime, into timeline: inout Timeline) {
        let group = "slowest step (\(slowest.step)), rank by rank"
        for (r, phases) in slowest.ranks.enumerated() {
            let track = "rank \(r)"
            timeline.add(TimelineSpan(track: track, group: group, category: "slowest step: compute", name: "rank \(r) forward + backward",
                                      start: start, end: start + phases.computeEnd))
            if phases.reduced > phases.computeEnd {
                timeline.add(TimelineSpan(track: track, group: group, category: "slowest step: wait for the all-reduce", name: "rank \(r) waits for its all-reduce",
                                          start: start + phases.computeEnd, end: start + phases.reduced))
            }
            // A rank's last all-reduce waits for its last gradients, so `reduced` is never before `computeEnd`.
            timeline.add(TimelineSpan(track: track, group: group, category: "slowest step: optimizer", name: "rank \(r) optimizer",
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
            timeline.add(TimelineSpan(track: "sizes", group: "collective", category: "collective",
                                      name: "\(spec.kind.rawValue) \(ByteCount(row.size)) (\(spec.algorithm.rawValue))",
                                      start: start, end: start + row.time))
            start = start + row.time
        }
    }
}

extension Timeline {
    /// A flow's span on its source host's row, from its start to its delivery (or to `now`, unfinished).
    mutating func addFlow(_ topology: Topology, source: Int, destination: Int, size: Int64, start: SimTime, finish: SimTime?,
                          now: SimTime) {
        let from = topology.nodes[topology.hosts[source].index].name
        let to = topology.nodes[topology.hosts[destination].index].name
        add(TimelineSpan(track: from, group: "hosts", category: "flow", name: "\(from)→\(to) \(ByteCount(size))",
                         start: start, end: finish ?? max(now, start), finished: finish != nil))
    }
}
