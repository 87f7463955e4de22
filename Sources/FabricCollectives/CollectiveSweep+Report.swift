import FabricKernel
import FabricMetrics
import FabricTransport

/// The sweep's figures and checks at the end of the run, and its spans.
extension CollectiveSweep {
    /// The nccl-tests table as rows (`nccl_tests`), the headline figures of the largest size, and the ports;
    /// checks that every size completed, that each size's episode conserved what it sent, and under lossless flow
    /// control that no size dropped a packet in a lossless class.
    public func report(now: SimTime) -> (metrics: ResultObject, checks: [ResultCheck]) {
        var m = ResultObject()
        m["operation"] = .string(spec.kind.rawValue)
        m["algorithm"] = .string(spec.algorithm.rawValue)
        m["ranks"] = .integer(members.count)
        m["servers"] = .integer(servers)
        if let last = rows.last {
            m["largest_size_bytes"] = .integer(last.size)
            m["largest_time_us"] = .double(last.time.seconds * 1e6)
            if let model = last.modelTime { m["theory_largest_time_us"] = .double(model * 1e6) }
            m["largest_algbw_gbps"] = .double(last.algorithmBandwidth)
            m["largest_busbw_gbps"] = .double(last.busBandwidth)
        }
        if let cost = networkCost {
            m["network_alpha_us"] = .double(cost.alpha * 1e6)
            m["nic_payload_gbps"] = .double(1 / cost.beta / 1e9)
        }
        m["packets_dropped"] = Network.fidelity.packetFigure(.integer(rows.reduce(0) { $0 + $1.packetsDropped }))
        ports.flowControlFigures(into: &m)
        m["nccl_tests"] = .array(
            rows.map { row in
                var o = ResultObject()
                o["size_bytes"] = .integer(row.size)
                o["count_elements"] = .integer(row.size / 4)
                o["type"] = "float"
                o["redop"] = .string(spec.kind == .allReduce || spec.kind == .reduceScatter ? "sum" : "none")
                o["root"] = .integer(spec.kind == .broadcast ? spec.root : -1)
                o["time_us"] = .double(row.time.seconds * 1e6)
                o["algbw_gbps"] = .double(row.algorithmBandwidth)
                o["busbw_gbps"] = .double(row.busBandwidth)
                o["model_time_us"] = row.modelTime.map { .double($0 * 1e6) } ?? .null
                o["transfers"] = .integer(row.transfers)
                o["network_bytes"] = .integer(row.networkBytes)
                o["nvlink_bytes"] = .integer(row.nvlinkBytes)
                o["packets_dropped"] = Network.fidelity.packetFigure(.integer(row.packetsDropped))
                o["events"] = .integer(row.events)
                return .object(o)
            })
        m["ports"] = .array(ports.table(topology, elapsed: now))
        let incomplete = failures.filter { $0.contains("did not complete") }
        let lost = failures.filter { !$0.contains("did not complete") }
        return (
            m,
            [
                // A sweep its stop conditions ended early has run fewer sizes; that is not a failure of the model.
                ResultCheck(
                    name: "every size completed",
                    passed: incomplete.isEmpty && (rows.count == sizes.count || control.stopped),
                    detail: incomplete.first ?? "\(rows.count) of \(sizes.count) sizes"
                        + (control.stopped ? " (the run's stop conditions ended it)" : "")),
                ResultCheck(
                    name: Network.fidelity == .packet
                        ? "packet conservation at every size" : "fluid byte conservation at every size",
                    passed: lost.isEmpty, detail: lost.first ?? "\(rows.count) runs"),
            ] + (Network.fidelity == .packet ? losses.check(config.flowControl).map { [$0] } ?? [] : [])
        )
    }

    /// Each size runs as its own episode, one after another on the run's clock: the spans are the sizes, back
    /// to back on one row, so the trace shows where the sweep's simulated time went.
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
