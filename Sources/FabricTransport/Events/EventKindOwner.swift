import FabricKernel

/// Who owns which event kinds: the one table of them (docs/design/0014-event-kinds.md).
///
/// A simulator carries an event's kind as a bare number (`EventKind`), and the model that owns the simulator
/// routes each event by that number alone to the component that scheduled it, so two components of one simulator
/// must never use the same number. Each owner has a block of kinds here, and names its events through a typed
/// view over its block (`OwnedEventKind`); no other file writes a kind number.
///
/// Blocks are disjoint within a layer, the set of owners whose events share one simulator:
/// - `episode`: a network (either fidelity; one per simulator) and the clients it serves in the same simulator —
///   the schedule executor, a checkpoint's storage traffic, the background generators;
/// - `run`: the outer simulator of a run made of episodes (a training run's steps, a collective sweep's sizes),
///   which sees one event per episode and none of the episodes' own.
///
/// The numbers are the ones the models used before this table. They are kept because a run's fingerprint hashes
/// every event's kind, the outer simulator's included (`EventFingerprint`, golden-fingerprints.txt): renumbering
/// would change every stored fingerprint without changing any behaviour. That is also why the run layer's one kind
/// is 16, the first number the network does not own, rather than 0.
public enum EventKindOwner: CaseIterable, Sendable {
    /// The network's own events, below 16 whatever the fidelity (`PacketNetwork.NetworkEvent`,
    /// `FlowNetwork.FlowEvent`); an episode routes them to `Transport.handle`.
    case network
    /// The schedule executor's (`ScheduleExecutor.Kind`).
    case executor
    /// A checkpoint's writes and their storage servers (`StorageTraffic.Kind`).
    case storage
    /// The background traffic generators (`BackgroundTraffic.Kind`).
    case background
    /// The outer simulator of a run made of episodes (`RunEvent`).
    case run

    /// Which simulator an owner's events go to: the owners of one layer share it, so their blocks are disjoint.
    public enum Layer: Sendable {
        case episode
        case run
    }

    /// The owner's block: every kind its events may have. Kinds from 25 on are free in the episode layer, from 17
    /// on in the run layer. A block is no larger than its owner needs: a traffic run routes by the background's
    /// block on every event, and a block of one kind is an equality test.
    @inlinable public var kinds: Range<UInt32> {
        switch self {
        case .network: 0..<16
        case .executor: 16..<20
        case .storage: 20..<24
        case .background: 24..<25
        case .run: 16..<17
        }
    }

    public var layer: Layer {
        switch self {
        case .network, .executor, .storage, .background: .episode
        case .run: .run
        }
    }

    /// Whether `kind` is one of this owner's: how a model routes an event to the component that owns it.
    @inlinable public func owns(_ kind: EventKind) -> Bool { kinds.contains(kind.rawValue) }
}
