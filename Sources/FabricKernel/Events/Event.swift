/// The integer address of a component registered with a simulation. Components never hold references to each
/// other; they name each other by id and talk only through scheduled events.
public struct ComponentID: RawRepresentable, Hashable, Comparable, Sendable {
    public var rawValue: UInt32
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }
    @inlinable public init(_ index: Int) { self.rawValue = UInt32(index) }
    @inlinable public var index: Int { Int(rawValue) }
    @inlinable public static func < (a: ComponentID, b: ComponentID) -> Bool { a.rawValue < b.rawValue }
}

/// What an event asks its target to do. Each model defines its own kinds; the kernel only carries them.
public struct EventKind: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }
}

/// The identity of a scheduled event: its scheduling sequence number. Used to cancel it.
public struct EventID: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt64
    @inlinable public init(rawValue: UInt64) { self.rawValue = rawValue }
}

/// One scheduled event: a small value (32 bytes), never an object or a closure, so the queue is a flat array
/// and the hot loop allocates nothing.
///
/// `id` is the global scheduling sequence number: among events of equal `time` the one scheduled first runs
/// first, which makes every run reproducible to the bit.
public struct Event: Sendable, Equatable {
    public var time: SimTime
    public var id: EventID
    public var target: ComponentID
    public var kind: EventKind
    /// A model-defined payload: a packet index, a flow id, a port number.
    public var argument: UInt64

    @inlinable
    public init(time: SimTime, id: EventID, target: ComponentID, kind: EventKind, argument: UInt64) {
        self.time = time
        self.id = id
        self.target = target
        self.kind = kind
        self.argument = argument
    }
}
