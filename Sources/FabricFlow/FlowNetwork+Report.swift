import FabricKernel
import FabricMetrics
import FabricTransport

/// The flow network as the whole model of a network scenario: its figures (FlowNetwork+Results.swift) and its
/// conservation check; every flow as a span on its source host's row. Its series: FlowNetwork+Series.swift.
extension FlowNetwork: ReportingNetwork {
    public func report(now: SimTime) -> (metrics: ResultObject, checks: [ResultCheck]) {
        (metrics(now: now), [conservation])
    }

    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {
        for record in records {
            timeline.addFlow(
                topology, source: Int(record.source), destination: Int(record.destination), size: record.size,
                start: record.start, finish: record.isComplete ? record.finish : nil, now: now)
        }
    }
}
