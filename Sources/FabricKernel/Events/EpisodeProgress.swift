/// How far a model that works in episodes (training steps, collective sizes) has got, inside the episode under
/// way too: the share of its goal done before the episode, plus the episode's own share times how far it has got.
///
/// How far an episode has got is its events against the events it is expected to take: a model knows what its
/// earlier episodes took (a step costs about what the steps before it did; a size, what the previous size did
/// scaled by their estimates), and the scenario's estimate stands in before any has run. Events, not simulated
/// time, because wall time goes where the events are, and a step's events bunch where its traffic is: it computes
/// for most of its simulated time and handles few events then. The fraction never passes the episode's end — an
/// episode longer than expected waits there, a shorter one jumps to the next — so it never goes down.
public struct EpisodeProgress: Sendable, Equatable {
    /// The model's fraction of its goal when the episode began.
    public var done: Double
    /// The fraction the episode adds once it has ended.
    public var share: Double
    /// Events the episode is expected to take; nil when nothing is known: the fraction then moves at its end only.
    public var expectedEvents: Double?
    /// The run's episode events (`RunControl.episodeEvents`) when the episode began.
    public var startEvents: UInt64

    public init(done: Double, share: Double, expectedEvents: Double?, startEvents: UInt64) {
        self.done = done
        self.share = share
        self.expectedEvents = expectedEvents
        self.startEvents = startEvents
    }

    /// The model's fraction once the run's episodes have handled `episodeEvents` events in all.
    public func fraction(episodeEvents: UInt64) -> Double {
        guard let expectedEvents, expectedEvents > 0 else { return done }
        let handled = Double(episodeEvents - min(episodeEvents, startEvents))
        return done + share * min(1, handled / expectedEvents)
    }
}
