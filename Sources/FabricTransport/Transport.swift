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
    /// What the model resolves: packets or fluid flows.
    static var fidelity: Fidelity { get }

    init(topology: Topology, config: NetworkConfig, seed: UInt64, classes: Int)

    var topology: Topology { get }
    var config: NetworkConfig { get }
    /// The equal-cost next hops in force (recomputed when routing converges after a fault).
    var routing: RoutingTable { get }
    var counters: NetworkCounters { get }
    /// Egress port `p` (as `topology.ports` numbers them): its rate now and its counters (bytes, busy time, and
    /// queues, drops and stalls when the model has queues).
    func port(_ p: Int) -> PortReport
    /// The model's conservation check: what was injected is delivered, dropped or still in flight.
    var conservation: ResultCheck { get }
    /// The quantities the model can sample over time (queue depths, utilisation by tier, flows in flight): what
    /// a network scenario's series and a training step's are made of (docs/results-format.md).
    func seriesDescriptors() -> [SeriesDescriptor]
    /// Reads every series at `now`, in the order of `seriesDescriptors()`: a level, or a cumulative counter.
    /// Called between slices of events, never from the event loop.
    func sampleSeries(now: SimTime, into readings: inout [Double])

    /// Adds a flow; it starts at `request.start`. When it is delivered, the network schedules an event of
    /// `kind` for `target` with `tag` as argument (none when `kind` is `Transport.noNotification`). Returns
    /// the flow's number: 0, 1, 2… in the order flows are sent.
    @discardableResult
    mutating func send(
        _ request: FlowRequest, notify target: ComponentID, kind: EventKind, tag: UInt64,
        scheduler: inout Scheduler
    ) -> Int
    /// Handles one of the network's own events: a kind `EventKindOwner.network` owns.
    mutating func handle(_ event: Event, scheduler: inout Scheduler)
    /// Schedules every change of `schedule`; routing reacts `convergence` after each.
    mutating func scheduleFaults(_ schedule: FaultSchedule, convergence: SimTime, scheduler: inout Scheduler)
    /// Applies a change to an idle network with routing already converged on it (a fault that happened before
    /// an episode began).
    mutating func settle(_ change: LinkChange)

    /// The completion time of flow `f` alone on an idle fabric, or `.max` when it has no route.
    func idealCompletion(of f: Int) -> SimTime
    /// When flow `f` was delivered: its last byte acknowledged (packets) or delivered (flows); nil in flight.
    func finishTime(of f: Int) -> SimTime?
    /// The time a message of `bytes` payload takes to leave `host`'s NIC when it sends nothing else: when the
    /// next message of the same stream may start (docs/collectives.md, "Streams").
    func injectionTime(bytes: Int64, host: Int) -> SimTime
    /// Payload bytes of flow `f` its receiver already holds in order (all of them once the flow is delivered):
    /// what a flow cut short keeps (a checkpoint upload carried from one training step to the next, FabricStorage).
    func deliveredBytes(of f: Int) -> Int64
    /// Stops keeping what a delivered flow leaves behind — what `finishTime(of:)`, `idealCompletion(of:)`,
    /// `deliveredBytes(of:)` and the flow statistics read — for an owner that reads none of it (a collective
    /// sweep reads only when its last operation finished, and the ports): a network then no longer grows with
    /// every message sent. Called before the first flow is sent.
    mutating func discardFlowRecords()
    /// Keeps what `finishTime(of:)`, `idealCompletion(of:)` and `deliveredBytes(of:)` read for the first
    /// `count` flows sent only — the ones an owner reads one by one — while the network's own flow statistics
    /// still count every flow. Called before the first flow is sent.
    mutating func keepFlowRecords(first count: Int)
}

extension Transport {
    /// The `kind` that asks for no notification when a flow is delivered: in no owner's block
    /// (`EventKindOwner`), since it is never scheduled.
    public static var noNotification: EventKind { EventKind(rawValue: .max) }

    /// A model that cannot tell says none: a flow cut short is then sent again whole.
    public func deliveredBytes(of f: Int) -> Int64 { 0 }

    /// The time one packet of `wire` bytes takes from host to host on an idle fabric, as the packet model moves
    /// it: per hop into a switch, its propagation delay and pipeline latency plus, under store-and-forward, its
    /// serialisation (under cut-through only its header's); on the last hop, into the host, its full
    /// serialisation and delay. Along the first of the equal-cost paths; also the slowest rate on it.
    public func onePacketLatency(from source: Int, to destination: Int, wire: ByteCount) -> (
        latency: SimTime, slowest: Bandwidth
    )? {
        var node = topology.hosts[source]
        var latency = SimTime.zero
        var slowest = Bandwidth(rawValue: .max)
        while node != topology.hosts[destination] {
            let candidates = routing.candidates(at: node, toward: destination)
            guard !candidates.isEmpty else { return nil }
            let port = routing.hops[candidates.lowerBound].index
            slowest = min(slowest, self.port(port).rate)
            latency += hopLatency(port: port, wire: wire)
            node = topology.neighbour(through: PortID(port))
        }
        return (latency, slowest)
    }

    /// The time one packet of `wire` bytes takes to cross egress `port` into the next node on an idle fabric
    /// (the terms of `onePacketLatency`).
    public func hopLatency(port: Int, wire: ByteCount) -> SimTime {
        let state = self.port(port)
        let intoSwitch = topology.hostIndex[topology.neighbour(through: PortID(port)).index] < 0
        guard intoSwitch else { return state.rate.serializationTime(of: wire) + state.delay }
        let header = ByteCount(Int64(min(Int(wire.bytes), config.cutThroughHeaderBytes)))
        let serialisation = config.switching == .cutThrough ? header : wire
        return state.rate.serializationTime(of: serialisation) + state.delay + config.switchLatency
    }

    /// Adds a flow nobody waits for (background traffic, synthetic patterns).
    @discardableResult
    public mutating func send(_ request: FlowRequest, scheduler: inout Scheduler) -> Int {
        send(request, notify: .model, kind: Self.noNotification, tag: 0, scheduler: &scheduler)
    }
}
