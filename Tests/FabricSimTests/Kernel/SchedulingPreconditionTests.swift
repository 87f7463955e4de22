import Testing

@testable import FabricKernel

/// Scheduling into the past would let time run backwards and silently reorder a run; the kernel stops the
/// program instead. Each case runs in a child process (a Swift Testing exit test).
@Suite("Scheduler: scheduling into the past stops the program")
struct SchedulingPreconditionTests {
    @Test("a negative delay traps")
    func negativeDelay() async {
        await #expect(processExitsWith: .failure) {
            var scheduler = Scheduler()
            scheduler.schedule(EventKind(rawValue: 0), for: ComponentID(0), after: SimTime(picoseconds: -1))
        }
    }

    @Test("an absolute time before the last handled event traps")
    func beforeLastHandledEvent() async {
        await #expect(processExitsWith: .failure) {
            var sim = Simulator(model: EventRecorder(initial: [(100, 0)]))
            sim.start()
            _ = sim.run()
            sim.scheduler.schedule(EventRecorder.tick, for: ComponentID(0), at: SimTime(picoseconds: 99))
        }
    }

    @Test("an absolute time before the clock traps, also when the clock was moved by a time limit")
    func beforeClockAfterTimeLimit() async {
        await #expect(processExitsWith: .failure) {
            var sim = Simulator(model: EventRecorder(initial: [(1_000, 0)]))
            sim.start()
            _ = sim.run(until: SimTime(picoseconds: 500))
            // The clock is at 500 though no event has been handled: 400 is in the past.
            sim.scheduler.schedule(EventRecorder.tick, for: ComponentID(0), at: SimTime(picoseconds: 400))
        }
    }
}
