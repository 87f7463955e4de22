import FabricKernel

// What an event's target names depends on its kind: each kind's documentation says which (the cases of
// `PacketNetwork.NetworkEvent`, `FlowNetwork.FlowEvent`, ...). These name the targets several kinds share at the
// call sites that schedule them; they are the plain integer, at no cost.
extension ComponentID {
    /// Egress port `p`, as `topology.ports` numbers them: the target of a port's and its cable's events.
    @inlinable public static func port(_ p: Int) -> ComponentID { ComponentID(p) }

    /// Host `h`, by its index in `topology.hosts`: the target of its NIC's events.
    @inlinable public static func host(_ h: Int) -> ComponentID { ComponentID(h) }

    /// The model handling the event, as a whole rather than one of its parts: the target of events that concern
    /// no one component (a link change, rerouting, a generator's next flow, a run's next episode).
    @inlinable public static var model: ComponentID { ComponentID(0) }
}
