import FabricKernel
import FabricMetrics
import FabricTopology

/// What the layers above the network (collectives, the training job, background traffic, faults) need from
/// it: send a message and be told when it is delivered, handle the network's own events, schedule faults, and
/// read its topology, configuration and counters.
///
/// Two models implement it at different fidelities over the same `Topology`, `RoutingTable` and ECMP hash:
/// `PacketNetwork` (packets, queues, flow control) and the flow-level network of `FabricFlow` (fluid flows
/// sharing links max-min fairly). The code above is generic over it, not written against an existential, so
/// that each model's event loop is specialised and dispatch stays a direct call (docs/design/0005-transport.md).
public protocol Transport: Sendable {
    init(topology: Topology, config: NetworkConfig, seed: UInt64, classes: Int)

    var topology: Topology { get }
    var config: NetworkConfig { get }
    /// The equal-cost next hops in force (recomputed when routing converges after a fault).
    var routing: RoutingTable { get }
    var counters: NetworkCounters { get }
    /// Per egress port: its rate now and its counters (bytes, busy time, and what the model can see of queues,
    /// drops and stalls).
    var ports: [PortState] { get }
    /// The model's conservation check: what was injected is delivered, dropped or still in flight.
    var conservation: ResultCheck { get }

    /// Adds a flow; it starts at `request.start`. When it is delivered, the network schedules an event of
    /// `kind` for `target` with `tag` as argument (none when `kind` is `Transport.noNotification`). Returns
    /// the flow's index.
    @discardableResult
    mutating func send(_ request: FlowRequest, notify target: ComponentID, kind: EventKind, tag: UInt64,
                       scheduler: inout Scheduler) -> Int
    /// Handles one of the network's own events: a kind below `Transport.firstForeignKind`.
    mutating func handle(_ event: Event, scheduler: inout Scheduler)
    /// Schedules every change of `schedule`; routing reacts `convergence` after each.
    mutating func scheduleFaults(_ schedule: FaultSchedule, convergence: SimTime, scheduler: inout Scheduler)

    /// The completion time of flow `f` alone on an idle fabric, or `.max` when it has no route.
    func idealCompletion(of f: Int) -> SimTime
    /// The time one packet of `wire` bytes takes from host to host on an idle fabric along the first of its
    /// equal-cost paths, and the slowest rate on that path; nil without a route.
    func onePacketLatency(from source: Int, to destination: Int, wire: ByteCount) -> (latency: SimTime, slowest: Bandwidth)?
}

extension Transport {
    /// Event kinds below this belong to the network; the layers above use kinds from here on.
    public static var firstForeignKind: UInt32 { 16 }

    /// The `kind` that asks for no notification when a flow is delivered.
    public static var noNotification: EventKind { EventKind(rawValue: .max) }

    /// Adds a flow nobody waits for (background traffic, synthetic patterns).
    @discardableResult
    public mutating func send(_ request: FlowRequest, scheduler: inout Scheduler) -> Int {
        send(request, notify: ComponentID(0), kind: Self.noNotification, tag: 0, scheduler: &scheduler)
    }
}
