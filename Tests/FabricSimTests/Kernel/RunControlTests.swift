import Testing

@testable import FabricKernel

/// `RunControl`: an episode run through it handles the same events as one run directly, and stops exactly where
/// the run's limits or an interrupt say.
@Suite("Run control of episodes")
struct RunControlTests {
    /// 1,000 events 1 ns apart, each scheduling nothing: an episode of known length and clock.
    static func episode() -> Simulator<EventRecorder> {
        var simulator = Simulator(model: EventRecorder(initial: (1...1000).map { (Int64($0) * 1000, UInt64($0)) }))
        simulator.start()
        return simulator
    }

    @Test("slices change nothing: the same events in the same order, the same fingerprint as a direct run")
    func slicingIsTransparent() {
        var direct = Self.episode()
        var hash = EventFingerprint()
        #expect(direct.run(observer: &hash) == .idle)

        let control = RunControl(slice: 7, fingerprint: true)
        var sliced = Self.episode()
        #expect(control.run(&sliced) == .idle)
        #expect(sliced.model.handled == direct.model.handled)
        #expect(control.fingerprint == hash)
        #expect(control.episodeEvents == 1000)
        #expect(!control.stopped)
    }

    @Test("an episode run in many short calls is still checked every slice of events, and an interrupt stops it")
    func checkedAcrossCalls() {
        // Calls of 10 events each (until 10 ns, 20 ns, ...), against a slice of 100: a check every 10 calls.
        var checks: [UInt64] = []
        let control = RunControl(slice: 100) { report in
            checks.append(report.events)
            return report.events < 500
        }
        var simulator = Self.episode()
        var reason = StopReason.timeLimit
        var limit = SimTime.zero
        while reason == .timeLimit {
            limit = limit + SimTime(picoseconds: 10_000)
            reason = control.run(&simulator, until: limit)
        }
        #expect(checks == [100, 200, 300, 400, 500])
        #expect(reason == .interrupted && control.stopReason == .interrupted)
        #expect(simulator.model.handled.count == 500)
    }

    @Test("the event limit stops an episode after exactly that many events, outer events counted first")
    func eventLimit() {
        let control = RunControl(slice: 64, eventLimit: 300)
        control.consume(50)
        var simulator = Self.episode()
        #expect(control.run(&simulator, origin: SimTime(picoseconds: 5_000_000)) == .eventBudget)
        #expect(simulator.model.handled.count == 250)
        #expect(control.stopReason == .eventBudget)
        // Stopped after the 250th event (at 250 ns on the episode's clock), 5 µs into the run.
        #expect(control.stoppedAt == SimTime(picoseconds: 5_000_000 + 250_000))
        // Once stopped, a further episode handles nothing.
        var next = Self.episode()
        #expect(control.run(&next) == .eventBudget)
        #expect(next.model.handled.isEmpty)
    }

    @Test("an episode that ends with the budget's last event ends idle, not cut")
    func budgetEndingWithEpisode() {
        let control = RunControl(slice: 64, eventLimit: 1000)
        var simulator = Self.episode()
        #expect(control.run(&simulator) == .idle)
        #expect(!control.stopped)
    }

    @Test("the run's time limit is read on the episode's clock from its origin")
    func timeLimitFromOrigin() {
        // The run stops at 600 ns; the episode starts 200 ns into the run, so it stops at its own 400 ns.
        let control = RunControl(slice: 64, stopTime: SimTime(picoseconds: 600_000))
        var simulator = Self.episode()
        #expect(control.run(&simulator, origin: SimTime(picoseconds: 200_000)) == .timeLimit)
        #expect(simulator.model.handled.count == 400)
        #expect(simulator.scheduler.now == SimTime(picoseconds: 400_000))
        #expect(control.stoppedAt == SimTime(picoseconds: 600_000))
    }

    @Test("an episode's own limit before the run's is not a stop of the run")
    func episodeLimitIsNotAStop() {
        let control = RunControl(slice: 64, stopTime: SimTime(picoseconds: 900_000))
        var simulator = Self.episode()
        #expect(control.run(&simulator, until: SimTime(picoseconds: 100_000)) == .timeLimit)
        #expect(simulator.model.handled.count == 100)
        #expect(!control.stopped)
    }

    @Test("an interrupt is seen at the next slice, with the run's clock and events in the report")
    func interrupt() {
        var reports: [RunControl.Report] = []
        let control = RunControl(slice: 100) { report in
            reports.append(report)
            return reports.count < 3
        }
        control.progress = 0.25
        var simulator = Self.episode()
        #expect(control.run(&simulator, origin: SimTime(picoseconds: 1_000_000)) == .interrupted)
        #expect(simulator.model.handled.count == 300)
        #expect(reports.map(\.events) == [100, 200, 300])
        #expect(reports.map(\.simulatedTime) == [1_100_000, 1_200_000, 1_300_000].map { SimTime(picoseconds: $0) })
        #expect(reports.allSatisfy { $0.progress == 0.25 })
        #expect(control.stopReason == .interrupted)
    }

    @Test(
        "inside an episode the fraction moves with its events: the share done plus the episode's share × events ÷ expected"
    )
    func progressInsideEpisode() {
        var reports: [RunControl.Report] = []
        let control = RunControl(slice: 100) { report in
            reports.append(report)
            return true
        }
        // The second of four equal episodes, expected to take 800 events; it takes 1,000.
        control.beginEpisode(done: 0.25, share: 0.25, expectedEvents: 800)
        var simulator = Self.episode()
        #expect(control.run(&simulator) == .idle)
        let fractions = reports.compactMap(\.progress)
        #expect(fractions.count == 9)
        // 100 of 800 expected events: an eighth of the episode's quarter.
        let first: Double = 0.25 + 0.25 / 8
        #expect(fractions.first == first)
        // Never past the episode's end, however long it runs over its expectation; never back.
        #expect(fractions.last == 0.5)
        #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(fractions.filter { $0 < 0.5 }.count == 7)
    }

    @Test(
        "an episode of unknown length moves the fraction at its end only, and a model's own fraction is kept if higher")
    func unknownEpisodeLength() {
        let unknown = EpisodeProgress(done: 0.5, share: 0.5, expectedEvents: nil, startEvents: 40)
        #expect(unknown.fraction(episodeEvents: 10_000) == 0.5)
        let known = EpisodeProgress(done: 0.5, share: 0.5, expectedEvents: 100, startEvents: 40)
        #expect(known.fraction(episodeEvents: 90) == 0.75)
        #expect(known.fraction(episodeEvents: 20) == 0.5)
        let control = RunControl()
        control.progress = 0.6
        control.beginEpisode(done: 0.5, share: 0.5, expectedEvents: 100)
        #expect(control.fraction == 0.6)
    }
}
