import Testing

@testable import FabricKernel

/// The run loop: events in time order, equal times in scheduling order, and each way a run can stop.
@Suite("Simulator: the run loop and its stop conditions")
struct SimulatorRunLoopTests {
    /// A simulator over an `EventRecorder` that has scheduled `initial` and not yet run.
    private static func started(
        _ initial: [(time: Int64, argument: UInt64)],
        reaction: ((Event, inout Scheduler) -> Void)? = nil
    ) -> Simulator<EventRecorder> {
        var sim = Simulator(model: EventRecorder(initial: initial, reaction: reaction))
        sim.start()
        return sim
    }

    @Test("events run in time order, and equal times in the order they were scheduled")
    func timeOrderThenSchedulingOrder() {
        var stream = RandomStream(seed: 11, name: "tests.simulator.order")
        let initial = (0..<2_000 as Range<UInt64>).map {
            (time: Int64(stream.nextIndex(below: 16)) * 1_000, argument: $0)
        }
        var sim = Self.started(initial)
        let reason = sim.run()
        #expect(reason == .idle)
        // A stable sort by time keeps scheduling order among equal times.
        let expected = initial.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        #expect(sim.model.handledArguments == expected.map(\.element.argument))
        #expect(sim.model.handled.allSatisfy { $0.clock == $0.time })
        #expect(sim.scheduler.eventsProcessed == 2_000)
    }

    @Test("an event scheduled with zero delay runs after the events already pending at the current time")
    func zeroDelayGoesToTheBackOfItsTime() {
        var sim = Self.started([(10, 1), (10, 2), (20, 4)]) { event, scheduler in
            if event.argument == 1 {
                scheduler.schedule(EventRecorder.tick, for: ComponentID(0), after: .zero, argument: 3)
            }
        }
        _ = sim.run()
        #expect(sim.model.handledArguments == [1, 2, 3, 4])
        #expect(sim.model.handledTimes == [10, 10, 10, 20])
    }

    @Test("run(until:) handles events up to and including the limit, then stops with the clock at the limit")
    func timeLimit() {
        var sim = Self.started([(10, 1), (20, 2), (25, 3), (30, 4), (40, 5)])
        let reason = sim.run(until: SimTime(picoseconds: 25))
        #expect(reason == .timeLimit)
        #expect(sim.model.handledArguments == [1, 2, 3])
        #expect(sim.scheduler.now == SimTime(picoseconds: 25))
        #expect(sim.scheduler.pendingCount == 2)
        #expect(sim.scheduler.eventsProcessed == 3)
    }

    @Test("after a time limit, the clock stands at the limit even when no event was due")
    func timeLimitWithNothingDue() {
        var sim = Self.started([(1 << 40, 1)])
        #expect(sim.run(until: .microseconds(5)) == .timeLimit)
        #expect(sim.scheduler.now == .microseconds(5))
        #expect(sim.model.handled.isEmpty)
        #expect(sim.run(until: .microseconds(9)) == .timeLimit)
        #expect(sim.scheduler.now == .microseconds(9))
    }

    @Test("events scheduled after a time limit, before the next pending one, run first and in order")
    func schedulingAfterATimeLimit() {
        var sim = Self.started([(10, 1), (100, 2), (200, 3)])
        #expect(sim.run(until: SimTime(picoseconds: 50)) == .timeLimit)
        // From the clock at 50: one at 60, one at 50 exactly, one tied with the pending event at 100.
        sim.scheduler.schedule(EventRecorder.tick, for: ComponentID(0), after: SimTime(picoseconds: 10), argument: 10)
        sim.scheduler.schedule(EventRecorder.tick, for: ComponentID(0), after: .zero, argument: 11)
        sim.scheduler.schedule(EventRecorder.tick, for: ComponentID(0), at: SimTime(picoseconds: 100), argument: 12)
        #expect(sim.run() == .idle)
        #expect(sim.model.handledArguments == [1, 11, 10, 2, 12, 3])
        #expect(sim.model.handledTimes == [10, 50, 60, 100, 100, 200])
        #expect(sim.model.handled.allSatisfy { $0.clock == $0.time })
    }

    @Test("run(budget:) stops after that many events, and a later run carries on where it stopped")
    func eventBudget() {
        var sim = Self.started((0..<10 as Range<UInt64>).map { (time: Int64($0) * 7, argument: $0) })
        #expect(sim.run(budget: 4) == .eventBudget)
        #expect(sim.model.handledArguments == [0, 1, 2, 3])
        #expect(sim.scheduler.now == SimTime(picoseconds: 21))
        #expect(sim.run(budget: 0) == .eventBudget)
        #expect(sim.scheduler.eventsProcessed == 4)
        #expect(sim.run(budget: 100) == .idle)
        #expect(sim.model.handledArguments == Array(0..<10))
        #expect(sim.scheduler.eventsProcessed == 10)
    }

    @Test("the time limit and the budget together: whichever comes first stops the run")
    func limitAndBudget() {
        var sim = Self.started((0..<10 as Range<UInt64>).map { (time: Int64($0) * 10, argument: $0) })
        #expect(sim.run(until: SimTime(picoseconds: 1_000), budget: 3) == .eventBudget)
        #expect(sim.run(until: SimTime(picoseconds: 45), budget: 100) == .timeLimit)
        #expect(sim.model.handledArguments == [0, 1, 2, 3, 4])
        #expect(sim.scheduler.now == SimTime(picoseconds: 45))
    }

    @Test("a run with nothing to do is idle, and leaves the clock alone")
    func idle() {
        var sim = Self.started([])
        #expect(sim.run() == .idle)
        #expect(sim.run(until: .milliseconds(1)) == .idle)
        #expect(sim.scheduler.now == .zero)
        #expect(sim.scheduler.eventsProcessed == 0)
    }

    @Test("a model that requests a stop ends the run after the current event; the next run resumes")
    func requestedStop() {
        var sim = Self.started((0..<6 as Range<UInt64>).map { (time: Int64($0) * 100, argument: $0) }) {
            event, scheduler in
            if event.argument == 2 { scheduler.requestStop() }
        }
        #expect(sim.run() == .finished)
        #expect(sim.model.handledArguments == [0, 1, 2])
        #expect(sim.scheduler.now == SimTime(picoseconds: 200))
        #expect(sim.scheduler.pendingCount == 3)
        #expect(sim.run() == .idle)
        #expect(sim.model.handledArguments == [0, 1, 2, 3, 4, 5])
    }

    @Test("peak pending events is the most that were scheduled and not yet handled at any one time")
    func peakPending() {
        // 5 at start; the first handled schedules 10 more (4 + 10 = 14 pending), then each of those schedules
        // nothing; afterwards the queue only shrinks.
        var sim = Self.started((0..<5 as Range<UInt64>).map { (time: 100 + Int64($0), argument: $0) }) {
            event, scheduler in
            if event.argument == 0 {
                for k in 0..<10 as Range<UInt64> {
                    scheduler.schedule(
                        EventRecorder.tick, for: ComponentID(1), after: SimTime(picoseconds: 50), argument: 100 + k)
                }
            }
        }
        #expect(sim.scheduler.peakPending == 5)
        #expect(sim.run() == .idle)
        #expect(sim.scheduler.peakPending == 14)
        #expect(sim.scheduler.eventsProcessed == 15)
        #expect(sim.model.handled.filter { $0.target == ComponentID(1) }.count == 10)
    }

    @Test("the clock follows events across jumps of 2^40 ps and up to the end of representable time")
    func largeTimes() {
        var sim = Self.started([(1 << 40, 1), (Int64.max - 1, 3), ((1 << 40) + 1, 2), (Int64.max, 4)])
        #expect(sim.run() == .idle)
        #expect(sim.model.handledArguments == [1, 2, 3, 4])
        #expect(sim.scheduler.now == .max)
    }

    @Test("a chain of events, each scheduling the next, runs to the end with an exact clock")
    func selfSchedulingChain() {
        // Each event schedules the next 1.5 us later, 10,000 times: the clock must end at exactly 15 ms.
        var sim = Self.started([(0, 0)]) { event, scheduler in
            if event.argument < 10_000 {
                scheduler.schedule(
                    EventRecorder.tick, for: ComponentID(0), after: SimTime(picoseconds: 1_500_000),
                    argument: event.argument + 1)
            }
        }
        #expect(sim.run() == .idle)
        #expect(sim.scheduler.now == .milliseconds(15))
        #expect(sim.scheduler.eventsProcessed == 10_001)
        #expect(sim.scheduler.peakPending == 1)
    }
}
