import FabricKernel
import FabricMetrics
import FabricScenario
import Testing

/// A paused ingress is lifted once below XON even when no byte of its own is left to leave. The dynamic XON is
/// alpha × the free shared buffer less the resume offset: with little buffer left beyond the headroom reserve it
/// falls below zero while other ports hold bytes, so an ingress that empties then cannot resume on its own last
/// byte; it must resume when the buffer drains, at the pause's refresh. Before that, this job never finished its
/// first step: the pauses were refreshed for ever and the run went on until its time limit.
@Suite("PFC resume at refresh")
struct PFCResumeTests {
    /// 2 leaves of 16 host ports and 140 uplinks at 400 Gb/s: about 31.9 MB of the 32 MB buffer is headroom.
    static let job = """
        name: tight-pfc
        fabric: roce
        topology: {shape: leaf-spine, leaves: 2, spines: 70, servers_per_leaf: 2, gpus_per_server: 8, nics_per_server: 8, parallel_links: 2}
        workload: {steps: 1, forward: 100us, backward: 200us, optimizer: 50us, gradient_bytes: 16MB, buckets: 2, algorithm: hierarchical}
        stop: {time: 50ms}
        """

    @Test("a step on a fabric with little shared buffer completes, every pause lifted")
    func completesWithLittleSharedBuffer() throws {
        let result = ScenarioRunner(scenario: try ScenarioLoader.load(text: Self.job)).run()
        #expect(result.stopReason == .idle, "still running at the time limit: a pause was never lifted")
        #expect(result.metrics["steps"] == .int(1))
        #expect(result.metrics["packets_dropped"] == .int(0))
        #expect(result.simulatedTime < SimTime(picoseconds: 5_000_000_000), "\(result.simulatedTime)")
        #expect(result.allChecksPassed)
    }
}
