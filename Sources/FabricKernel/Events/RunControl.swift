/// What the episodes of a run answer to: its stop conditions, an interrupt, its progress line and its fingerprint.
///
/// A model that runs simulations of its own inside one of its events — a training step, a collective size, a
/// checkpoint's write — would otherwise run each to its end, out of the runner's reach: Ctrl-C, `stop.time` and
/// `stop.events` would wait for the episode. Such a model runs its episodes through `run(_:until:origin:)`, which
/// handles their events in slices and, between two slices, counts them against the run's event budget, folds
/// them into the fingerprint, and asks the runner whether to go on (which also draws progress). When the control
/// stops an episode it says why (`stopReason`); the model then ends its run, reporting only what completed.
///
/// One control belongs to one run and is used by the thread that runs it only (hence `@unchecked Sendable`:
/// models are `Sendable` values that carry a reference to it).
public final class RunControl: @unchecked Sendable {
    /// What the control tells the runner between two slices of an episode.
    public struct Report: Sendable {
        /// The run's clock: the episode's origin on it plus the episode's own clock.
        public var simulatedTime: SimTime
        /// Events handled so far in this run, outer and episode events together.
        public var events: UInt64
        /// The model's fraction of its goal (`fraction`), if it has one.
        public var progress: Double?
    }

    /// Events an episode handles between two checks: small enough that an interrupt is seen within milliseconds,
    /// large enough that the check costs nothing measurable.
    public let slice: UInt64
    /// The run's time limit, on the run's clock (`stop.time`).
    public let stopTime: SimTime
    /// The run's event limit (`stop.events`), outer and episode events together.
    public let eventLimit: UInt64
    /// Events the run may still handle (the limit less those handled).
    public private(set) var eventsLeft: UInt64
    /// Events handled in episodes so far.
    public private(set) var episodeEvents: UInt64 = 0
    /// Why an episode was stopped before its end; nil while none was.
    public private(set) var stopReason: StopReason?
    /// Where on the run's clock the episode was stopped.
    public private(set) var stoppedAt: SimTime?
    /// The model's fraction of its goal, kept up to date by the runner (customers measured, steps done) between
    /// two slices of its own events, for the progress line.
    public var progress: Double?
    /// The episode under way and its share of the model's goal (`beginEpisode`): what moves the fraction reported
    /// between the episode's slices, where `progress` stands still.
    public private(set) var episode: EpisodeProgress?
    /// The fingerprint of every event of the run, outer and episodes alike, when one is asked for.
    public var fingerprint: EventFingerprint?
    /// Asked between slices; false stops the run (an interrupt).
    private let shouldContinue: (Report) -> Bool
    /// Episode events handled since the last check: a model that runs an episode in many short calls (a training
    /// step sampled at its series' points) is still checked every `slice` events, not only within a call.
    private var sinceCheck: UInt64 = 0

    public init(
        slice: UInt64 = 1 << 16, stopTime: SimTime = .max, eventLimit: UInt64 = .max,
        fingerprint: Bool = false, shouldContinue: @escaping (Report) -> Bool = { _ in true }
    ) {
        precondition(slice > 0, "a slice handles at least one event")
        self.slice = slice
        self.stopTime = stopTime
        self.eventLimit = eventLimit
        eventsLeft = eventLimit
        self.fingerprint = fingerprint ? EventFingerprint() : nil
        self.shouldContinue = shouldContinue
    }

    /// Says that the episodes the model runs next, until it begins another, are worth `share` of its goal, of
    /// which `done` is reached, and should take about `expectedEvents` events (nil: unknown).
    public func beginEpisode(done: Double, share: Double, expectedEvents: Double?) {
        episode = EpisodeProgress(done: done, share: share, expectedEvents: expectedEvents, startEvents: episodeEvents)
    }

    /// The fraction of its goal the model has reached, inside the episode under way too; nil if it has no goal.
    public var fraction: Double? {
        guard let episode else { return progress }
        return max(progress ?? 0, episode.fraction(episodeEvents: episodeEvents))
    }

    /// True once an episode has been stopped: the model should start no further work.
    public var stopped: Bool { stopReason != nil }

    /// Counts events the runner handled itself (the outer loop's) against the budget.
    public func consume(_ events: UInt64) {
        eventsLeft -= min(events, eventsLeft)
    }

    /// Asks the runner whether to go on, as between two slices; false also marks the run as interrupted at `time`.
    public func check(at time: SimTime) -> Bool {
        guard stopReason == nil else { return false }
        guard shouldContinue(Report(simulatedTime: time, events: eventLimit - eventsLeft, progress: fraction)) else {
            stop(.interrupted, at: time)
            return false
        }
        return true
    }

    /// Runs an episode until it is idle or stopped by `limit` on its own clock, like `Simulator.run(until:)`, but
    /// in slices that honour the run's stop conditions. `origin` is the episode's time zero on the run's clock.
    /// Returns what `Simulator.run` would (`.idle`, `.timeLimit`, `.finished`), or, when the run must stop inside
    /// the episode, `.interrupted`, `.eventBudget` or `.timeLimit` with `stopReason` set to it.
    public func run<Model: EventHandler>(
        _ simulator: inout Simulator<Model>, until limit: SimTime = .max,
        origin: SimTime = .zero
    ) -> StopReason {
        if let stopReason { return stopReason }
        // The run's time limit on the episode's clock, when it comes before the episode's own.
        let runLimit = stopTime == .max ? SimTime.max : (stopTime > origin ? stopTime - origin : .zero)
        let episodeLimit = min(limit, runLimit)
        while true {
            guard eventsLeft > 0 else { return stop(.eventBudget, at: origin + simulator.scheduler.now) }
            let before = simulator.scheduler.eventsProcessed
            let reason: StopReason
            let budget = min(slice - min(sinceCheck, slice), eventsLeft)
            if fingerprint != nil {
                var observer = Observer(control: self)
                reason = simulator.run(until: episodeLimit, budget: budget, observer: &observer)
            } else {
                reason = simulator.run(until: episodeLimit, budget: budget)
            }
            let handled = simulator.scheduler.eventsProcessed - before
            episodeEvents += handled
            sinceCheck += handled
            consume(handled)
            switch reason {
            case .eventBudget where simulator.scheduler.pendingCount == 0:
                // The slice ended with the episode's last event: let the kernel find it idle (it tidies its
                // queue then), handling nothing.
                return simulator.run(until: episodeLimit, budget: 1)
            case .eventBudget:
                // A slice's worth since the last check, or the run's event budget spent (the loop stops then).
                guard sinceCheck >= slice else { continue }
                sinceCheck = 0
                guard check(at: origin + simulator.scheduler.now) else { return .interrupted }
            case .timeLimit where episodeLimit < limit:
                return stop(.timeLimit, at: stopTime)
            default:
                return reason
            }
        }
    }

    @discardableResult
    private func stop(_ reason: StopReason, at time: SimTime) -> StopReason {
        stopReason = reason
        stoppedAt = time
        return reason
    }

    /// Folds events into the control's fingerprint as they are handled, so that a run's own events and its
    /// episodes' land in one hash in the order they happened.
    public struct Observer: EventObserver {
        let control: RunControl

        public init(control: RunControl) { self.control = control }

        public mutating func observe(_ event: Event) { control.fingerprint?.observe(event) }
    }
}
