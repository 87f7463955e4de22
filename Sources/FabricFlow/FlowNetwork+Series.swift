import FabricKernel
import FabricMetrics

/// The flow network's series: flows in flight, flows completed and goodput. It has no queues, packets or
/// congestion signals to sample (`Fidelity.notModelled`).
extension FlowNetwork {
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
}
