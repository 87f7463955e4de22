import Testing

@testable import FabricKernel
@testable import FabricMetrics
@testable import FabricReferenceModels

/// PHOLD: a fixed population of events hopping between entities. Its steady state is known exactly (events
/// per simulated second = population / mean delay; destinations uniform), and its checksum pins down the
/// whole event sequence.
@Suite("Reference models: PHOLD's event rate, balance and determinism")
struct PHOLDModelTests {
    private struct Run {
        var model: PHOLD
        var reason: StopReason
        var now: SimTime
        var events: UInt64
        var peakPending: Int
        var metrics: ResultObject
        var checks: [ResultCheck]
    }

    private static func run(_ config: PHOLDConfig, seed: UInt64, until limit: SimTime) -> Run {
        var sim = Simulator(model: PHOLD(config: config, seed: seed))
        sim.start()
        let reason = sim.run(until: limit)
        let events = sim.scheduler.eventsProcessed
        let (metrics, checks) = sim.model.result(now: sim.scheduler.now, events: events)
        return Run(
            model: sim.model, reason: reason, now: sim.scheduler.now, events: events,
            peakPending: sim.scheduler.peakPending, metrics: metrics, checks: checks)
    }

    /// 64 entities, 256 events in flight, mean delay 1 µs: 2.56 × 10^8 events per simulated second.
    private static let classic = PHOLDConfig(entities: 64, population: 256, meanDelay: .microseconds(1))

    @Test(
        "events per simulated second match population / mean delay within 2 %",
        arguments: [
            (classic, 2.56e8),
            (PHOLDConfig(entities: 50, population: 200, meanDelay: .microseconds(1), lookahead: .microseconds(1)), 1e8),
        ] as [(PHOLDConfig, Double)])
    func eventRate(config: PHOLDConfig, rate: Double) {
        #expect(config.theoreticalEventRate == rate)
        let run = Self.run(config, seed: 1, until: .milliseconds(1))
        #expect(run.reason == .timeLimit)
        #expect(run.now == .milliseconds(1))
        let measured = Double(run.events) / run.now.seconds
        #expect(abs(measured - rate) / rate < 0.02, "measured \(measured) events/s, theory \(rate)")
        #expect(run.metrics["event_rate_per_simulated_s"]?.doubleValue == measured)
        // The population is constant: each handled event schedules exactly one more.
        #expect(run.peakPending == config.population)
    }

    @Test("every entity handles about total / N events")
    func balancedEntities() {
        let run = Self.run(Self.classic, seed: 2, until: .milliseconds(1))
        let mean = Double(run.events) / 64
        // About 4,000 each, a standard deviation of about 63 (1.6 %): 10 % is over six of them.
        for (entity, count) in run.model.handledBy.enumerated() {
            #expect(abs(Double(count) - mean) / mean < 0.10, "entity \(entity) handled \(count), mean \(mean)")
        }
        #expect(run.model.handledBy.reduce(0, +) == run.events)
        let allPassed = run.checks.allSatisfy { $0.passed }
        #expect(allPassed, "\(run.checks)")
    }

    @Test("with a lookahead, no event is handled sooner than the lookahead after the start")
    func lookaheadIsAMinimumDelay() {
        let config = PHOLDConfig(entities: 8, population: 32, meanDelay: .nanoseconds(100), lookahead: .microseconds(1))
        let run = Self.run(config, seed: 3, until: SimTime(picoseconds: 999_999))
        #expect(run.events == 0)
        #expect(run.reason == .timeLimit)
    }

    @Test("two runs with the same seed give the same checksum and counts; different seeds differ")
    func checksumDeterminism() {
        let limit = SimTime.microseconds(200)
        let a = Self.run(Self.classic, seed: 42, until: limit)
        let b = Self.run(Self.classic, seed: 42, until: limit)
        let c = Self.run(Self.classic, seed: 43, until: limit)
        #expect(a.events > 40_000)
        #expect(a.model.checksum == b.model.checksum)
        #expect(a.model.handledBy == b.model.handledBy)
        #expect(a.metrics == b.metrics)
        #expect(a.model.checksum != c.model.checksum)
        #expect(a.metrics["checksum"] == .string(String(a.model.checksum, radix: 16)))
    }

    @Test("a run cut into slices by event budgets is the same run as one in a single call")
    func slicedRunIsTheSameRun() {
        var whole = Simulator(model: PHOLD(config: Self.classic, seed: 5))
        whole.start()
        _ = whole.run(budget: 30_000)
        var sliced = Simulator(model: PHOLD(config: Self.classic, seed: 5))
        sliced.start()
        for _ in 0..<30 { _ = sliced.run(budget: 1_000) }
        #expect(whole.model.checksum == sliced.model.checksum)
        #expect(whole.scheduler.now == sliced.scheduler.now)
        #expect(whole.scheduler.eventsProcessed == 30_000)
        #expect(sliced.scheduler.eventsProcessed == 30_000)
    }
}
