import FabricKernel
import FabricMetrics
import FabricTopology
import FabricTransport
import HeapModule

/// The flow-level network: every message is a fluid flow over the same topology, routing table and ECMP hash as
/// the packet network, and the flows crossing a link share its rate max-min fairly (progressive filling).
///
/// A flow occupies every link of its path at its rate until its wire bytes have drained; it is delivered one
/// path latency later (the first packet's store-and-forward trip and the last acknowledgement's way back), so
/// that a message alone on an idle fabric takes exactly the α + m·β of `AlphaBeta` and of the packet model.
/// Rates are recomputed only when a flow starts or ends or a link changes, and only for the connected component
/// of flows and links that the change touches: max-min fair rates of separate components are independent.
/// Queues, ECN, PFC, congestion control, drops and credits do not exist here. The model and its equations:
/// docs/flow-model.md.
///
/// Flows in progress live in reusable slots, and their paths in one arena; what outlives a flow is its
/// `FlowRecord`, unless the owner reads none (`discardFlowRecords`): then the network's memory is set by the
/// flows in flight, not by every message ever sent. Nothing is allocated per event once the slots and per-link
/// lists have grown to the peak load.
public struct FlowNetwork: Transport {
    public static let fidelity = Fidelity.flow
    public let topology: Topology
    public let config: NetworkConfig
    public internal(set) var routing: RoutingTable
    public internal(set) var counters = NetworkCounters()
    /// Per egress port: rate, state, and bytes, packets (the packets the bytes make) and busy time.
    public internal(set) var ports: [FlowPort]
    public internal(set) var links: LinkState
    /// Rate each port can carry now, bytes per picosecond; 0 while it is down.
    var capacity: [Double]
    /// Per port, the path-latency terms of a message of at least one full packet (`fullPacketTrips`).
    var fullPacketTrip: [SimTime] = []
    let salts: [UInt64]
    var entropyStream: RandomStream

    /// The first `recordLimit` flows sent, by the index `send` returned: every flow unless the owner asked for
    /// fewer (`keepFlowRecords(first:)`, `discardFlowRecords`). A record is 44 bytes a message: for a ring
    /// all-reduce over a thousand ranks, two million messages, about a quarter of the run's memory, which a
    /// collective sweep never reads (it reads when the last operation finished, and the ports).
    public internal(set) var records: [FlowRecord] = []
    var recordLimit = Int.max
    /// Completion times and slowdowns of the delivered flows that have no record, gathered as each is delivered
    /// unless the owner reads no flow statistics (`discardFlowRecords`).
    var unrecordedCompletions = FlowCompletions()
    var gathersStatistics = true
    /// Flows sent: the index the next `send` returns.
    public internal(set) var flowsSent = 0
    /// The slot of each flow with a record while it is in progress (`records[f]` → `slots`), −1 otherwise.
    var slotOfFlow: [Int32] = []
    /// The time of the last event the network saw: how far the flows in progress have drained.
    var clock: SimTime = .zero
    var slots: [FluidFlow] = []
    var freeSlots: [Int32] = []
    /// The egress ports of each flow's path (`slots[s].pathStart ..< + hops`), and at each the flow's position in
    /// that port's `linkFlows`, so that removing it costs O(path).
    var pathPorts: [Int32] = []
    var pathPositions: [Int32] = []
    /// Entries of `pathPorts` no flow uses any more; the arena is compacted when they are the majority.
    var pathGarbage = 0
    /// Per port: the slots of the flows crossing it.
    var linkFlows: [[Int32]]
    /// Flows with no route (a partition after a failure), waiting for routing to converge.
    var stranded: [Int32] = []

    /// Ports whose flows need new rates; a `reallocate` event is pending while this is not empty.
    var dirtyPorts: [Int32] = []
    var reallocatePending = false
    /// Scratch of the max-min computation, reused: visit marks, residual rate and unfrozen flows per port, the
    /// component found, the heap of port fair shares.
    var generation: UInt32 = 0
    var portMark: [UInt32]
    var slotMark: [UInt32] = []
    var frozenMark: [UInt32] = []
    var residual: [Double]
    var unfrozen: [Int32]
    var componentPorts: [Int32] = []
    var componentSlots: [Int32] = []
    var shares = Heap<FairShare>()
    /// Flows whose rates the max-min computation visited, summed over all recomputations: its cost.
    public internal(set) var flowsReallocated: Int64 = 0
    public internal(set) var reallocations: Int64 = 0

    var faults: FaultSchedule?
    var convergenceDelay: SimTime = .zero
    public internal(set) var reroutes = 0
    /// The largest difference, in bytes, between a drained flow's wire bytes and the integral of its rate over
    /// time: the fluid bookkeeping's conservation error.
    public internal(set) var worstDrainError: Double = 0

    /// The flow network's event kinds, in the network's block of `EventKindOwner` (below 16), which it shares with
    /// the packet network: a simulator holds one network or the other.
    public enum FlowEvent: UInt32, OwnedEventKind {
        /// A flow sent for a later time starts: target its slot, no argument.
        case start
        /// A flow's last byte leaves its path: target its slot, no argument; cancelled when its rate changes.
        case drain
        /// Rates are recomputed for the components of the ports marked dirty: target `ComponentID.model`, no
        /// argument.
        case reallocate
        /// A link changes (a fault): target `ComponentID.model`, argument the change's index in the schedule.
        case linkChange
        /// Routing converges after a change: target `ComponentID.model`, no argument.
        case reroute

        public static var owner: EventKindOwner { .network }
    }

    public init(topology: Topology, config: NetworkConfig, seed: UInt64, classes: Int = 2) {
        self.topology = topology
        self.config = config
        routing = RoutingTable(topology: topology)
        ports = topology.ports.map { FlowPort(rate: $0.rate, delay: $0.delay) }
        links = LinkState(topology)
        capacity = topology.ports.map { Self.bytesPerPicosecond($0.rate) }
        salts = ECMP.salts(topology, seed: seed)
        entropyStream = ECMP.entropyStream(seed: seed)
        linkFlows = Array(repeating: [], count: topology.ports.count)
        portMark = Array(repeating: 0, count: topology.ports.count)
        residual = Array(repeating: 0, count: topology.ports.count)
        unfrozen = Array(repeating: 0, count: topology.ports.count)
        fullPacketTrip = fullPacketTrips()
    }

    static func bytesPerPicosecond(_ rate: Bandwidth) -> Double { Double(rate.bitsPerSecond) / 8e12 }

    /// Wire bytes a message of `bytes` payload occupies its path with: its packets' payload and headers, and
    /// one acknowledgement per packet. Acknowledgements travel the other way, but in the traffic this mode is
    /// for (collectives) every NIC receives about as much as it sends, so the acknowledgements of what it
    /// receives share its uplink with what it sends — the duplex β of `AlphaBeta`.
    public func wireBytes(payload bytes: Int64) -> Int64 {
        let mtu = Int64(config.mtu)
        let packets = max(1, (bytes + mtu - 1) / mtu)
        return bytes + packets * Int64(config.headerBytes + config.ackBytes)
    }

    @discardableResult
    public mutating func send(
        _ request: FlowRequest, notify target: ComponentID, kind: EventKind, tag: UInt64, scheduler: inout Scheduler
    ) -> Int {
        precondition(request.source != request.destination, "a flow needs two different hosts")
        let id = flowsSent
        flowsSent += 1
        clock = scheduler.now
        let start = max(request.start, scheduler.now)
        let slot = allocate(
            FluidFlow(
                flow: Int32(id), source: Int32(request.source), destination: Int32(request.destination),
                size: request.bytes,
                wire: wireBytes(payload: request.bytes), entropy: request.entropy ?? entropyStream.next(),
                notifyTarget: target, notifyKind: kind, notifyTag: tag))
        if id < recordLimit {
            records.append(
                FlowRecord(
                    source: Int32(request.source), destination: Int32(request.destination), size: request.bytes,
                    start: request.start, finish: .max, ideal: .max))
            slotOfFlow.append(Int32(slot))
        }
        counters.flowsStarted += 1
        if start > scheduler.now {
            scheduler.schedule(FlowEvent.start.kind, for: ComponentID(slot), at: start)
        } else {
            begin(slot, &scheduler)
        }
        return id
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        let index = Int(event.target.rawValue)
        clock = scheduler.now
        switch FlowEvent(event.kind) {
        case .start: begin(index, &scheduler)
        case .drain: drain(index, &scheduler)
        case .reallocate: reallocate(&scheduler)
        case .linkChange: applyLinkChange(Int(event.argument), &scheduler)
        case .reroute: reroute(&scheduler)
        case nil: preconditionFailure("not a flow-network event: \(event.kind.rawValue)")
        }
    }

    /// Flows sent and not yet drained.
    public var flowsInFlight: Int { slots.count - freeSlots.count }

    /// No record is kept of the flows sent, and no flow statistics. Call it before the first `send`, so that flow
    /// indices and records never disagree; afterwards the per-flow queries (`finishTime(of:)`,
    /// `idealCompletion(of:)`, `deliveredBytes(of:)`) and `metrics` refuse to answer.
    public mutating func discardFlowRecords() {
        keepFlowRecords(first: 0)
        gathersStatistics = false
    }

    /// Records are kept for the first `count` flows sent only; the flow statistics of the others are gathered as
    /// they are delivered. Called before the first `send`.
    public mutating func keepFlowRecords(first count: Int) {
        precondition(flowsSent == 0, "flow records are chosen before the first flow is sent")
        recordLimit = max(0, count)
    }

    /// Whether flow `f` (an index `send` returned) has a record.
    func hasRecord(_ f: Int32) -> Bool { Int(f) < records.count }
}

/// What is kept of a flow: its endpoints, size, and when it started and was delivered.
public struct FlowRecord: Sendable, Equatable {
    public var source: Int32
    public var destination: Int32
    /// Payload bytes.
    public var size: Int64
    public var start: SimTime
    /// When its last byte was delivered (drained, plus the path latency); `.max` while in flight.
    public var finish: SimTime
    /// Its completion time alone on the idle path it took; `.max` before it starts or without a route.
    public var ideal: SimTime

    public var isComplete: Bool { finish != .max }
}

/// A flow in progress.
struct FluidFlow {
    /// Its index: what `send` returned, and its record's index while records are kept.
    var flow: Int32
    var source: Int32
    var destination: Int32
    /// Payload bytes, and the bytes its packets and their acknowledgements occupy the path with.
    var size: Int64
    var wire: Int64
    var entropy: UInt64
    var notifyTarget: ComponentID
    var notifyKind: EventKind
    var notifyTag: UInt64
    /// Its path: `hops` ports from `pathStart` in the arena; 0 hops before it starts or without a route.
    var pathStart: Int32 = 0
    var hops: Int32 = 0
    var started = false
    /// Wire bytes drained up to `updated`, and the rate since then (bytes per picosecond).
    var sent: Double = 0
    var rate: Double = 0
    var updated: SimTime = .zero
    /// The path latency added after the last byte drains.
    var latency: SimTime = .zero
    /// When it started, and its completion time alone on the idle path it took: what its record holds, kept here
    /// for the statistics of a flow without one.
    var began: SimTime = .zero
    var ideal: SimTime = .max
    var drainEvent: EventID?
}

/// A port's fair share in the progressive filling: its residual rate over its unfrozen flows.
struct FairShare: Comparable {
    var share: Double
    var port: Int32

    static func < (a: FairShare, b: FairShare) -> Bool { (a.share, a.port) < (b.share, b.port) }
}
