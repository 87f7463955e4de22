/// The one event of the outer simulator of a run made of episodes (a training run, a collective sweep): each
/// episode runs in a simulator of its own while the outer one handles a single event, so that the run's clock,
/// progress and stop conditions move episode by episode.
public enum RunEvent: UInt32, OwnedEventKind {
    /// Episode `argument` begins: a training step, a collective size (target `ComponentID.model`). The one after
    /// the last episode only moves the clock to the run's end.
    case episode

    public static var owner: EventKindOwner { .run }
}
