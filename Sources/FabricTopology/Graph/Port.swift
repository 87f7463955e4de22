import FabricKernel

/// One direction of a cable, from the port of `node` to the port `peer` at the other end.
///
/// The link's rate and propagation delay belong to the direction; a cable's two directions usually match, and
/// a fault may degrade one of them.
public struct Port: Sendable, Equatable {
    /// The node that transmits on this port.
    public var node: NodeID
    /// The opposite direction of the same cable (the far end's egress port).
    public var peer: PortID
    public var rate: Bandwidth
    /// Propagation delay of the cable (about 5 ns per metre of fibre).
    public var delay: SimTime

    public init(node: NodeID, peer: PortID, rate: Bandwidth, delay: SimTime) {
        self.node = node
        self.peer = peer
        self.rate = rate
        self.delay = delay
    }
}
