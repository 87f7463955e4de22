@testable import FabricKernel

/// A test model: schedules a given list of events at start, records every event it handles (with the clock as
/// it saw it), and lets a test react to an event through `reaction`.
struct EventRecorder: EventHandler {
    struct Handled: Equatable {
        var time: SimTime
        var clock: SimTime
        var target: ComponentID
        var argument: UInt64
    }

    /// (time, argument) of the events scheduled by `start`, in that order; the target is component 0.
    var initial: [(time: Int64, argument: UInt64)]
    /// Called after each handled event has been recorded.
    var reaction: ((Event, inout Scheduler) -> Void)?
    /// Ids of the events `start` scheduled, in the order of `initial`.
    private(set) var initialIDs: [EventID] = []
    private(set) var handled: [Handled] = []

    static let tick = EventKind(rawValue: 1)

    init(initial: [(time: Int64, argument: UInt64)] = [], reaction: ((Event, inout Scheduler) -> Void)? = nil) {
        self.initial = initial
        self.reaction = reaction
    }

    mutating func start(scheduler: inout Scheduler) {
        for (time, argument) in initial {
            initialIDs.append(
                scheduler.schedule(Self.tick, for: ComponentID(0), at: SimTime(picoseconds: time), argument: argument))
        }
    }

    mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        handled.append(Handled(time: event.time, clock: scheduler.now, target: event.target, argument: event.argument))
        reaction?(event, &scheduler)
    }

    var handledArguments: [UInt64] { handled.map(\.argument) }
    var handledTimes: [Int64] { handled.map(\.time.rawValue) }
}
