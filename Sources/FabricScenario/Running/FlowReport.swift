import FabricFlow
import FabricKernel
import FabricMetrics
import FabricNetwork

/// The flow network in a network scenario: its figures and its conservation check; series of flows in flight,
/// flows completed and goodput (it has no queues to sample); every flow as a span.
extension FlowNetwork: ReportingNetwork {
    public func report(now: SimTime) -> (metrics: ResultObject, checks: [ResultCheck]) {
        (metrics(now: now), [conservation])
    }

    public func seriesDescriptors() -> [SeriesDescriptor] {
        [
            SeriesDescriptor("flows_in_flight", unit: "flows", kind: .level),
            SeriesDescriptor("flows_completed", unit: "flows", kind: .level),
            SeriesDescriptor("goodput", unit: "bit/s", kind: .rate),
        ]
    }

    public func sampleSeries(now: SimTime, into readings: inout [Double]) {
        readings[0] = Double(flowsInFlight)
        readings[1] = Double(counters.flowsCompleted)
        readings[2] = Double(counters.goodputBytes) * 8
    }

    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {
        for record in records {
            timeline.addFlow(topology, source: Int(record.source), destination: Int(record.destination), size: record.size,
                             start: record.start, finish: record.isComplete ? record.finish : nil, now: now)
        }
    }
}
