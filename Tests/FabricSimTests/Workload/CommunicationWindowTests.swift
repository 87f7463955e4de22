import FabricKernel
import FabricMetrics
import Testing

/// A training job's ports idle through the compute phases: utilisation over the whole run says little, so the job
/// also reports it over the time its transfers were in flight.
@Suite("Workload: utilisation while communicating")
struct CommunicationWindowTests {
    /// One bucket, no jitter: every rank releases its gradients at the same moment and the all-reduce then runs
    /// alone, so the step's stall is the time its transfers were in flight.
    static let job = """
        name: window
        fabric: infiniband
        topology: {shape: leaf-spine, leaves: 2, spines: 1, servers_per_leaf: 2, gpus_per_server: 1, nics_per_server: 1}
        workload: {steps: 3, forward: 100us, backward: 200us, gradient_bytes: 4MiB, buckets: 1}
        """

    @Test(
        "the window is the all-reduce's time when nothing overlaps it, and the ports' utilisation over it is the whole-run one scaled by run ÷ window"
    )
    func window() throws {
        let result = try ExportTests.run(Self.job)
        guard case .array(let steps)? = result.metrics["steps_table"], case .array(let ports)? = result.metrics["ports"]
        else {
            Issue.record("no tables")
            return
        }
        var total = 0.0
        for step in steps {
            let window = try #require(step["communication_window_ms"]?.doubleValue)
            let stall = try #require(step["stall_ms"]?.doubleValue)
            #expect(window > 0 && abs(window - stall) <= 0.05 * stall, "window \(window) ms, stall \(stall) ms")
            total += window
        }
        let reported = try #require(result.metrics["communication_window_total_ms"]?.doubleValue)
        #expect(abs(reported - total) < 1e-9 * total)
        let run = result.simulatedTime.seconds * 1e3
        var busiest = 0.0
        for port in ports {
            let overall = try #require(port["utilisation"]?.doubleValue)
            let communicating = try #require(port["utilisation_while_communicating"]?.doubleValue)
            #expect(abs(communicating - overall * run / reported) <= 1e-9 * communicating)
            // No background: a port is busy only while some transfer is in flight.
            #expect(communicating <= 1 + 1e-9)
            busiest = max(busiest, communicating)
        }
        // A ring all-reduce keeps the NICs busy most of the time it runs, far above the run-wide figure.
        #expect(busiest > 0.5)
    }
}
