import Testing

@testable import FabricKernel

/// Lazy cancellation (as in ns-3): a cancelled event stays in the queue and is dropped when it surfaces, so
/// cancelling costs no search; to every observer it is as if the event had never been scheduled.
@Suite("Scheduler: lazy cancellation")
struct CancellationTests {
    private static func started(
        _ initial: [(time: Int64, argument: UInt64)],
        reaction: ((Event, inout Scheduler) -> Void)? = nil
    ) -> Simulator<EventRecorder> {
        var sim = Simulator(model: EventRecorder(initial: initial, reaction: reaction))
        sim.start()
        return sim
    }

    @Test("a cancelled event never reaches the handler, and the others run as before")
    func cancelledEventIsSkipped() {
        let initial: [(time: Int64, argument: UInt64)] = [(10, 0), (20, 1), (20, 2), (20, 3), (30, 4)]
        var sim = Self.started(initial)
        sim.scheduler.cancel(sim.model.initialIDs[2])
        #expect(sim.scheduler.pendingCount == 4)
        #expect(sim.run() == .idle)
        #expect(sim.model.handledArguments == [0, 1, 3, 4])
        #expect(sim.scheduler.eventsProcessed == 4)
        #expect(sim.scheduler.pendingCount == 0)
    }

    @Test("cancelling a random half of many events leaves exactly the other half, in order")
    func cancellingMany() {
        var stream = RandomStream(seed: 5, name: "tests.cancellation.many")
        let initial = (0..<10_000 as Range<UInt64>).map {
            (time: Int64(stream.nextIndex(below: 1 << 30)), argument: $0)
        }
        var sim = Self.started(initial)
        var kept: [(time: Int64, argument: UInt64)] = []
        for (index, event) in initial.enumerated() {
            if stream.nextIndex(below: 2) == 0 {
                sim.scheduler.cancel(sim.model.initialIDs[index])
            } else {
                kept.append(event)
            }
        }
        #expect(sim.scheduler.pendingCount == kept.count)
        // Part way: pending counts only live events, whatever cancelled ones have surfaced.
        #expect(sim.run(until: SimTime(picoseconds: 1 << 29)) == .timeLimit)
        let handledSoFar = sim.model.handled.count
        #expect(sim.scheduler.pendingCount == kept.count - handledSoFar)
        #expect(sim.run() == .idle)
        let expected = kept.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        #expect(sim.model.handledArguments == expected.map(\.element.argument))
        #expect(sim.scheduler.eventsProcessed == UInt64(kept.count))
        #expect(sim.scheduler.pendingCount == 0)
        // Every cancelled id was dropped when its event surfaced: nothing is left to remember.
        #expect(sim.scheduler.cancelled.isEmpty)
    }

    @Test("after an idle run whose last events were cancelled, the clock stays and events may be scheduled at it")
    func scheduleAfterCancelledTail() {
        // Live events at 10 and 20; cancelled ones at 1,000 and 5,000,000 (a retransmission timer no longer due).
        var sim = Self.started([(10, 0), (20, 1), (1_000, 2), (5_000_000, 3)])
        sim.scheduler.cancel(sim.model.initialIDs[2])
        sim.scheduler.cancel(sim.model.initialIDs[3])
        #expect(sim.run() == .idle)
        #expect(sim.scheduler.now == SimTime(picoseconds: 20))
        #expect(sim.scheduler.cancelled.isEmpty && sim.scheduler.pendingCount == 0)
        // A model (or its owner) schedules at the current time and a little later, and the run goes on.
        sim.scheduler.schedule(EventRecorder.tick, for: ComponentID(0), at: sim.scheduler.now, argument: 7)
        sim.scheduler.schedule(EventRecorder.tick, for: ComponentID(0), after: SimTime(picoseconds: 5), argument: 8)
        #expect(sim.run() == .idle)
        #expect(sim.model.handledArguments == [0, 1, 7, 8])
        #expect(sim.scheduler.now == SimTime(picoseconds: 25))
    }

    @Test("an event can cancel a later one (a timeout that is no longer needed)")
    func cancelFromAHandler() {
        // Event 0 at t=10 schedules a timeout (argument 9) at t=100; event 1 at t=50 cancels it.
        var timeout: EventID?
        var sim = Self.started([(10, 0), (50, 1), (200, 2)]) { event, scheduler in
            switch event.argument {
            case 0:
                timeout = scheduler.schedule(
                    EventRecorder.tick, for: ComponentID(0), after: SimTime(picoseconds: 90), argument: 9)
            case 1: scheduler.cancel(timeout!)
            default: break
            }
        }
        #expect(sim.run() == .idle)
        #expect(sim.model.handledArguments == [0, 1, 2])
    }

    @Test("cancelling the event being replaced at the same time lets its replacement run in its place")
    func cancelAndReschedule() {
        var sim = Self.started([(100, 0), (100, 1)])
        sim.scheduler.cancel(sim.model.initialIDs[0])
        sim.scheduler.schedule(EventRecorder.tick, for: ComponentID(0), at: SimTime(picoseconds: 100), argument: 2)
        #expect(sim.run() == .idle)
        #expect(sim.model.handledArguments == [1, 2])
    }

    @Test("a run whose only remaining events are cancelled is idle, not stopped at its time limit")
    func onlyCancelledLeft() {
        var sim = Self.started([(10, 0), (1_000, 1)])
        sim.scheduler.cancel(sim.model.initialIDs[1])
        #expect(sim.run(until: SimTime(picoseconds: 500)) == .idle)
        #expect(sim.model.handledArguments == [0])
    }

    @Test("a cancelled event beyond the time limit does not hide a live one: the run stops at the limit")
    func cancelledBeforeLiveBeyondLimit() {
        var sim = Self.started([(10, 0), (600, 1), (700, 2)])
        sim.scheduler.cancel(sim.model.initialIDs[1])
        #expect(sim.run(until: SimTime(picoseconds: 500)) == .timeLimit)
        #expect(sim.scheduler.pendingCount == 1)
        #expect(sim.run() == .idle)
        #expect(sim.model.handledArguments == [0, 2])
    }

    @Test("cancelled events do not count toward an event budget")
    func budgetCountsHandledOnly() {
        var sim = Self.started((0..<6 as Range<UInt64>).map { (time: Int64($0), argument: $0) })
        sim.scheduler.cancel(sim.model.initialIDs[0])
        sim.scheduler.cancel(sim.model.initialIDs[1])
        #expect(sim.run(budget: 2) == .eventBudget)
        #expect(sim.model.handledArguments == [2, 3])
    }
}
