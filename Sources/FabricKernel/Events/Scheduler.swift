/// What a component sees of the kernel while it handles an event: the clock, and the means to schedule and
/// cancel events. It owns the pending-event queue and the kernel's counters.
public struct Scheduler: ~Copyable {
    /// The current simulated time: the time of the event being handled.
    @inlinable public var now: SimTime { clock }
    @usableFromInline var clock: SimTime = .zero
    @usableFromInline var queue = EventQueue()
    @usableFromInline var nextID: UInt64 = 0
    /// Ids of cancelled events still in the queue; they are dropped when they surface (lazy cancellation: no
    /// search through the queue).
    @usableFromInline var cancelled = Set<UInt64>()
    @usableFromInline var stopRequested = false

    /// Events handled so far (cancelled events are not counted).
    public var eventsProcessed: UInt64 { processed }
    @usableFromInline var processed: UInt64 = 0
    /// The largest number of events that were pending at once.
    public var peakPending: Int { peak }
    @usableFromInline var peak: Int = 0

    public init() {}

    /// Bytes the event queue holds, spare capacity included: it follows the events pending, not the time
    /// simulated.
    public var queueReservedBytes: Int { queue.reservedBytes }

    /// Events scheduled and not yet handled or cancelled.
    public var pendingCount: Int { queue.count - cancelled.count }

    /// Schedules `kind` for `target` after `delay` (≥ 0) and returns its id, for cancellation.
    @inlinable @discardableResult
    public mutating func schedule(
        _ kind: EventKind, for target: ComponentID, after delay: SimTime, argument: UInt64 = 0
    ) -> EventID {
        precondition(delay.rawValue >= 0, "negative delay")
        return enqueue(kind, for: target, at: now + delay, argument: argument)
    }

    /// Schedules `kind` for `target` at absolute time `time` (not before `now`).
    @inlinable @discardableResult
    public mutating func schedule(
        _ kind: EventKind, for target: ComponentID, at time: SimTime, argument: UInt64 = 0
    ) -> EventID {
        // The queue checks only against the last event it handed out; after `run(until:)` the clock may be
        // later than that, and an event between the two would move the clock backwards.
        precondition(time >= clock, "an event was scheduled before the current time")
        return enqueue(kind, for: target, at: time, argument: argument)
    }

    @inlinable
    mutating func enqueue(_ kind: EventKind, for target: ComponentID, at time: SimTime, argument: UInt64) -> EventID {
        let id = EventID(rawValue: nextID)
        nextID &+= 1
        queue.push(Event(time: time, id: id, target: target, kind: kind, argument: argument))
        if queue.count > peak { peak = queue.count }
        return id
    }

    /// Cancels a pending event. Only ids of events that are still pending may be cancelled: the kernel keeps no
    /// history of events that ran, so the caller (which scheduled the event) is the one who knows.
    public mutating func cancel(_ id: EventID) {
        precondition(id.rawValue < nextID, "cancelling an event that was never scheduled")
        cancelled.insert(id.rawValue)
    }

    /// Asks the run loop to stop after the current event.
    public mutating func requestStop() { stopRequested = true }

    /// Removes the next live event if it is due no later than `limit`, advancing the clock to it.
    @inlinable
    mutating func popEvent(notAfter limit: SimTime) -> Event? {
        while let event = queue.pop(notAfter: UInt64(bitPattern: limit.rawValue)) {
            if !cancelled.isEmpty, cancelled.remove(event.id.rawValue) != nil { continue }
            clock = event.time
            return event
        }
        return nil
    }

    /// No live event is left: drops the cancelled ones still queued and lets the queue take events from the clock
    /// on. Cancelled events removed after the last live one have moved the queue past the clock; without this,
    /// a model scheduling at `now` after an idle run (a network settled between two episodes) would be refused.
    @usableFromInline mutating func discardCancelled() {
        while let event = queue.pop() { cancelled.remove(event.id.rawValue) }
        cancelled.removeAll()
        queue.rewind(to: UInt64(bitPattern: clock.rawValue))
    }

    /// Moves the clock forward to `time` when the queue has nothing earlier (used by "run until t").
    @usableFromInline mutating func advanceClock(to time: SimTime) {
        if time > clock { clock = time }
    }
}
