/// A node of the fabric graph: a host (one NIC, the network's endpoint) or a switch.
public struct NodeID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }
    @inlinable public init(_ index: Int) { self.rawValue = UInt32(index) }
    @inlinable public var index: Int { Int(rawValue) }
    @inlinable public static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "node \(rawValue)" }
}

/// One direction of a cable: the egress port of the node that sends on it. Its `peer` is the opposite direction,
/// the egress port of the node at the other end. Ports are numbered globally, grouped by node.
public struct PortID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }
    @inlinable public init(_ index: Int) { self.rawValue = UInt32(index) }
    @inlinable public var index: Int { Int(rawValue) }
    @inlinable public static func < (a: PortID, b: PortID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "port \(rawValue)" }
}
