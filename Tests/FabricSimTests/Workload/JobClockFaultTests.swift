import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// Faults in a training job are on the job's clock: the steps before a fault are untouched, the step it falls
/// in is disturbed, and the steps after start from the fabric as it left it.
@Suite("Workload: faults on the job's clock")
struct JobClockFaultTests {
    /// Two single-GPU servers under two leaves, joined by `spines` spines: every byte of their all-reduce
    /// crosses a leaf–spine cable.
    static func pair(spines: Int) throws -> Topology {
        try LeafSpineConfig(
            leaves: 2, spines: spines, serversPerLeaf: 1, server: ServerConfig(gpusPerServer: 1, nicsPerServer: 1),
            hostLinkRate: .gigabitsPerSecond(100), fabricLinkRate: .gigabitsPerSecond(100)
        ).build()
    }

    /// 2 MB all-reduced after 300 µs of compute: about 0.47 ms a step at 100 Gb/s.
    static let job = TrainingJob(
        steps: 8, forward: .microseconds(100), backward: .microseconds(200), gradientBytes: 2_000_000,
        allReduce: CollectiveSpec(.allReduce, algorithm: .ring, bytes: 0))

    static func run(_ topology: Topology, faults: [FaultEvent]) throws -> TrainingRun<PacketNetwork> {
        let schedule = try FaultSchedule(faults, in: topology)
        var simulator = Simulator(
            model: TrainingRun<PacketNetwork>(
                job: job, topology: topology, network: .roce, seed: 3, faults: schedule, convergence: .microseconds(50))
        )
        simulator.start()
        _ = simulator.run()
        return simulator.model
    }

    /// When each step started, on the job's clock.
    static func starts(_ run: TrainingRun<PacketNetwork>) -> [SimTime] {
        var t = SimTime.zero
        return run.records.map { record in
            defer { t += record.time }
            return t
        }
    }

    @Test(
        "a cable degraded to a quarter mid-job: steps before are as without it, steps after pay four times the transfer"
    )
    func degradedMidJob() throws {
        let topology = try Self.pair(spines: 1)
        let at = SimTime.microseconds(2_000)
        let baseline = try Self.run(topology, faults: [])
        let degraded = try Self.run(
            topology, faults: [.linkDegraded(CableReference("leaf0", "spine0"), at: at, to: .gigabitsPerSecond(25))])
        #expect(baseline.failures.isEmpty && degraded.failures.isEmpty)
        let starts = Self.starts(degraded)
        let before = baseline.records[0].stall
        var sawBefore = false
        var sawDuring = false
        var sawAfter = false
        for (i, record) in degraded.records.enumerated() {
            let end = starts[i] + record.time
            if end <= at {
                sawBefore = true
                #expect(record.time == baseline.records[i].time, "step \(i) ends before the fault")
            } else if starts[i] < at {
                sawDuring = true
                #expect(record.time > baseline.records[i].time, "step \(i) is running when the cable slows")
            } else if starts[i] >= at + .microseconds(50) {
                sawAfter = true
                // Every byte crosses the slowed cable once: the transfer part takes about four times as long.
                let ratio = record.stall.seconds / before.seconds
                #expect(ratio > 3.5 && ratio < 4.5, "step \(i): stall \(record.stall) against \(before)")
            }
        }
        #expect(sawBefore && sawDuring && sawAfter)
    }

    @Test(
        "a cable down from 1 ms to 2.5 ms: steps after routing converged lose nothing, steps after recovery are as before"
    )
    func downAndBack() throws {
        let topology = try Self.pair(spines: 2)
        let (down, up) = (SimTime.microseconds(1_000), SimTime.microseconds(2_500))
        let baseline = try Self.run(topology, faults: [])
        let run = try Self.run(topology, faults: [.linkDown(CableReference("leaf0", "spine0"), at: down, upAt: up)])
        #expect(run.failures.isEmpty, "\(run.failures)")
        #expect(run.records.count == Self.job.steps)
        let starts = Self.starts(run)
        var sawOutage = false
        var sawRecovered = false
        for (i, record) in run.records.enumerated() {
            if starts[i] >= down + .microseconds(50), starts[i] + record.time <= up {
                // Routing has long avoided the dead cable: the other spine carries the step at full rate.
                sawOutage = true
                #expect(record.stall <= baseline.records[i].stall + .microseconds(1), "step \(i) during the outage")
            }
            if starts[i] >= up + .microseconds(50) {
                sawRecovered = true
                #expect(record.time == baseline.records[i].time, "step \(i) after the cable is back")
            }
        }
        #expect(sawOutage && sawRecovered)
    }
}
