import FabricKernel

/// A typed view of one owner's event kinds: an enum whose raw values are its cases' places in the owner's block
/// of `EventKindOwner` (0, 1, 2…), not kind numbers, so that the block's position is written in the table alone.
///
/// Both conversions are one addition or subtraction of a constant, folded away for the network, whose block
/// starts at 0: a typed view costs the hot path nothing.
public protocol OwnedEventKind: RawRepresentable<UInt32>, CaseIterable, Sendable {
    static var owner: EventKindOwner { get }
}

extension OwnedEventKind {
    /// The number a simulator carries for this case.
    @inlinable public var kind: EventKind { EventKind(rawValue: Self.owner.kinds.lowerBound &+ rawValue) }

    /// The case `kind` names; nil when it is not one of this owner's. A kind below the block wraps round to a
    /// number no case has, so one comparison does for both ends.
    @inlinable public init?(_ kind: EventKind) {
        self.init(rawValue: kind.rawValue &- Self.owner.kinds.lowerBound)
    }
}
