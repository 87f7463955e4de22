import FabricKernel
import FabricMetrics
import FabricTopology

/// A network that reports on itself when it is the whole model of a run (a network scenario, `TrafficRun`): its
/// figures and checks at the end, and its flows as spans; the series it samples are part of `Transport`. Both
/// fidelities conform beside their own results (PacketNetwork+Report.swift, FlowNetwork+Report.swift), so the
/// checks a model owes (conservation, and for packets no PFC deadlock and no lossless drop) live with the model.
public protocol ReportingNetwork: Transport {
    /// The network's figures and self-checks at `now`, the end of the run.
    func report(now: SimTime) -> (metrics: ResultObject, checks: [ResultCheck])
    /// Adds every flow the network still holds a record of to `timeline` (`Timeline.addFlow`).
    func recordTimeline(now: SimTime, into timeline: inout Timeline)
}

extension Timeline {
    /// A flow's span on its source host's row, from its start to its delivery (or to `now`, unfinished): how
    /// both fidelities draw a flow, so that their traces read alike.
    public mutating func addFlow(
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
