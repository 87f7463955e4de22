/// A model the kernel can drive: it receives each event in time order and may schedule more.
///
/// The run loop is generic over the model, so dispatch is a static call that the compiler specialises and
/// inlines: no closure, no existential, no allocation per event. A model made of many components routes by
/// `event.target` and `event.kind` to state it keeps in arrays, indexed by component id.
public protocol EventHandler {
    /// Schedules the model's first events. Called once, by `Simulator.start()`, at time zero.
    mutating func start(scheduler: inout Scheduler)
    mutating func handle(_ event: Event, scheduler: inout Scheduler)
}

/// Why a call to `run` returned.
public enum StopReason: String, Sendable {
    /// No events were left.
    case idle
    /// The next event lies after the time limit; the clock stands at the limit.
    case timeLimit = "time-limit"
    /// The event budget of this call was used up.
    case eventBudget = "event-budget"
    /// The model asked to stop: it reached its goal (for example, its number of customers).
    case finished
    /// The caller stopped the run between two slices of events (an interrupt). The kernel never returns this.
    case interrupted
}

/// A model together with its scheduler: the sequential discrete-event loop.
public struct Simulator<Model: EventHandler>: ~Copyable {
    public var scheduler: Scheduler
    public var model: Model

    public init(model: Model, scheduler: consuming Scheduler = Scheduler()) {
        self.model = model
        self.scheduler = scheduler
    }

    /// Lets the model schedule its first events.
    public mutating func start() {
        model.start(scheduler: &scheduler)
    }

    /// Handles events in time order until one of the limits is reached.
    /// - Parameters:
    ///   - limit: no event later than this time is handled; on reaching it, the clock is set to it.
    ///   - budget: at most this many events are handled in this call.
    @inlinable
    public mutating func run(until limit: SimTime = .max, budget: UInt64 = .max) -> StopReason {
        var none = NoEventObserver()
        return run(until: limit, budget: budget, observer: &none)
    }

    /// The same loop, showing each event to `observer` just before the model handles it (a fingerprint of the
    /// event stream). Specialised per observer, so the plain loop above pays nothing for the hook.
    @inlinable
    public mutating func run<Observer: EventObserver>(
        until limit: SimTime = .max, budget: UInt64 = .max,
        observer: inout Observer
    ) -> StopReason {
        var handled: UInt64 = 0
        // A stop asked for between two runs belongs to neither: each run starts afresh.
        scheduler.stopRequested = false
        while handled < budget {
            guard let event = scheduler.popEvent(notAfter: limit) else {
                if scheduler.pendingCount == 0 {
                    scheduler.discardCancelled()
                    return .idle
                }
                scheduler.advanceClock(to: limit)
                return .timeLimit
            }
            observer.observe(event)
            model.handle(event, scheduler: &scheduler)
            handled &+= 1
            scheduler.processed &+= 1
            if scheduler.stopRequested {
                scheduler.stopRequested = false
                return .finished
            }
        }
        return .eventBudget
    }
}
