import FabricKernel
import FabricMetrics
import FabricTransport

/// The packet network as the whole model of a network scenario: its figures (PacketNetwork+Results.swift) and the
/// checks it owes; every flow as a span, from its start to its last acknowledgement, on its source host's row.
/// Its series: PacketNetwork+Series.swift.
extension PacketNetwork: ReportingNetwork {
    /// Conservation; under PFC, no deadlock; under PFC and credits, no drop in a lossless class.
    public func report(now: SimTime) -> (metrics: ResultObject, checks: [ResultCheck]) {
        var checks = [conservation]
        if config.flowControl == .pfc {
            checks.append(
                ResultCheck(
                    name: "no PFC deadlock", passed: deadlock == nil,
                    detail: deadlock.map {
                        "ports paused in a cycle for \(config.pfc.deadlockTimeout): \(describePorts($0))"
                    }
                        ?? "no cycle of paused ports", failureExitCode: ResultCheck.deadlockExitCode))
        }
        if let lossless = LossTally(counters).check(config.flowControl) { checks.append(lossless) }
        return (metrics(now: now), checks)
    }

    public func recordTimeline(now: SimTime, into timeline: inout Timeline) {
        for record in records {
            timeline.addFlow(
                topology, source: Int(record.source), destination: Int(record.destination), size: record.size,
                start: record.start, finish: record.finish, now: now)
        }
    }
}
