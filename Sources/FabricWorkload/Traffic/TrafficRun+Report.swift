import FabricKernel
import FabricMetrics
import FabricTransport

/// A network scenario's progress and report: the network's own figures and checks, and the traffic section's
/// flows one by one when they are few.
extension TrafficRun {
    /// Bytes delivered, which grow as every flow does, rather than flows completed, which a permutation's equal
    /// flows reach all at once at the end. Below 1 until the run ends: a background's bytes are an expectation.
    public func progress() -> Double? {
        if let expected = expectedPayloadBytes, expected > 0 {
            return min(Self.mostBeforeEnd, Double(network.counters.goodputBytes) / expected)
        }
        return requests.isEmpty ? nil : Double(network.counters.flowsCompleted) / Double(requests.count)
    }

    /// The highest fraction shown while the run goes on.
    static var mostBeforeEnd: Double { 0.99 }

    /// Lets the network forget each flow once it is delivered, but for the traffic flows the summary lists one
    /// by one: the flow statistics are gathered as flows are delivered, so a long run with background traffic
    /// keeps memory for the flows in progress only. Not under faults: a slowdown is over the flow's ideal on the
    /// fabric as the run ended, which needs every flow's endpoints until then. Not when the run's timeline is
    /// drawn either (it shows every flow): the runner decides that.
    public mutating func keepReportedRecordsOnly() {
        guard faults == nil else { return }
        network.keepFlowRecords(first: requests.count <= Self.listedFlows ? requests.count : 0)
    }

    /// A traffic section of at most this many flows is listed flow by flow: few flows are there to be watched
    /// (a victim beside an incast, a permutation's collisions), and the size statistics mix them with the
    /// background's.
    static var listedFlows: Int { 64 }

    /// The traffic section's flows (the first sent, before any background), one row each.
    func trafficFlows() -> [ResultValue] {
        let names = network.topology.nodes
        return requests.indices.map { f in
            let request = requests[f]
            var row = ResultObject()
            row["flow"] = .integer(f)
            row["source"] = .string(names[network.topology.hosts[request.source].index].name)
            row["destination"] = .string(names[network.topology.hosts[request.destination].index].name)
            row["bytes"] = .integer(request.bytes)
            row["start_us"] = .double(request.start.seconds * 1e6)
            let ideal = network.idealCompletion(of: f)
            if let finish = network.finishTime(of: f) {
                let fct = finish - request.start
                row["fct_us"] = .double(fct.seconds * 1e6)
                row["slowdown"] = ideal == .max || ideal == .zero ? .null : .double(fct.seconds / ideal.seconds)
            } else {
                row["fct_us"] = .null
                row["slowdown"] = .null
            }
            return .object(row)
        }
    }
}

extension TrafficRun where Network: ReportingNetwork {
    /// The network's figures and checks (`ReportingNetwork.report`), with the traffic section's flows
    /// (`traffic_flows`) when they are at most `listedFlows`.
    public func report(now: SimTime) -> (metrics: ResultObject, checks: [ResultCheck]) {
        var (metrics, checks) = network.report(now: now)
        if !requests.isEmpty, requests.count <= Self.listedFlows { metrics["traffic_flows"] = .array(trafficFlows()) }
        return (metrics, checks)
    }

    /// The network's flows as spans.
    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {
        network.recordTimeline(now: now, into: &timeline)
    }
}
