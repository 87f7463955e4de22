import FabricKernel
import FabricTopology
import FabricTransport

/// The packet-level network: links, switch queues and buffers, flow control, load balancing and the NIC
/// transport, as one event-driven model over a `Topology`.
///
/// All state is in arrays indexed by port, node, host, flow slot and packet; events carry those indices as their
/// target and argument (each case of `NetworkEvent` says which). Per port at most two events are ever pending (its transmission ending, the head of its link
/// arriving), plus one for credits travelling back, whatever the traffic: the queue grows with the fabric, not
/// with the packets in flight. Flow slots are recycled, so the flow table grows with the flows in progress, not
/// with the flows sent. Docs: docs/network-model.md.
public struct PacketNetwork: Transport {
    public static let fidelity = Fidelity.packet
    public let topology: Topology
    public let config: NetworkConfig
    /// Traffic classes: 0 carries acknowledgements and is served first; data uses 1 and above.
    public let classes: Int
    public internal(set) var routing: RoutingTable

    var pool = PacketPool()
    public internal(set) var ports: [PortState]
    /// Egress queues, `port * classes + class`.
    var queues: [PacketList]
    /// Each switch's shared buffer (Buffers/).
    var buffer: SharedBuffer
    /// Link-level flow control: InfiniBand's credits and Ethernet's PFC (FlowControl/); one of them is in use,
    /// or neither.
    var credits: Credits
    var pfc: PFC
    /// ECN marking at switch egress (CongestionControl/).
    var ecn: ECNMarker
    /// The hop records data packets gather at switch egress and ACKs echo, when the controller asks (Packets/).
    var telemetry: InBandTelemetry
    /// Whether a data packet leaving a switch queue is marked or stamped (ECN, telemetry): one test per packet
    /// dequeued when neither is on.
    var egressFeedback: Bool
    /// Each switch's ECMP salt, and the load balancer in force (LoadBalancing/).
    let salts: [UInt64]
    var balancing: LoadBalancers
    /// Entropy spraying: every packet's own entropy, which the switches hash instead of its flow's.
    let sprays: Bool
    var packetEntropies: PacketEntropies
    /// The flows holding a slot, by slot (docs/design/0007-flow-slots.md): packets and events name a flow by its
    /// slot, and a slot is reused once its flow is delivered and its last packet has left the network.
    var flows: [Flow] = []
    /// Released slots, reused last released first.
    var freeSlots: [Int32] = []
    /// The congestion controller in force, with its per-flow state (CongestionControl/), and what it asked the
    /// network to provide beyond its hooks (read once, from its configuration).
    var congestion: CongestionControllers
    let feedback: ControllerFeedback
    /// The window counts unanswered packets (`ControllerFeedback.packetsInFlight`).
    let countsAnswers: Bool
    /// Each host's NIC: its round robin of flows with data, and its pacing wake-up (Endpoint/).
    var nics: NICs
    /// The receiver in force, with its per-flow state (Endpoint/).
    var receivers: Receivers
    /// Packet trimming (`NetworkConfig.trimming`, Switching/PacketNetwork+Trimming.swift), and the fast
    /// retransmissions its NACKs ask for.
    let trimming: Bool
    var retransmits = RetransmitQueue()
    /// Receiver credits (`NetworkConfig.receiverCredits`, Endpoint/PacketNetwork+ReceiverCredits.swift).
    let receiverGrants: Bool
    var grants: ReceiverCredits
    var entropyStream: RandomStream
    /// Flows sent: the number the next `send` returns.
    public internal(set) var flowsSent = 0
    /// The records of the first `recordLimit` flows sent, by the number `send` returned (`keepFlowRecords`).
    public internal(set) var records: [MessageRecord] = []
    var recordLimit = Int.max
    /// Completion times and slowdowns of the delivered flows that have no record, gathered as each is delivered
    /// unless the owner reads no flow statistics (`discardFlowRecords`).
    var unrecordedCompletions = FlowCompletions()
    var gathersStatistics = true

    public internal(set) var counters = NetworkCounters()
    /// Credits and pause frames on the wire: pool entries that are not packets of a flow.
    var controlMessagesAlive = 0

    /// Which links are up and at what rate, as faults come and go.
    public internal(set) var links: LinkState
    var faults: FaultSchedule?
    /// How long routing takes to react to a change of links.
    var convergenceDelay: SimTime = .zero
    var deadlockCheckPending = false
    var deadlockPorts: [Int]?
    /// Times routing was recomputed.
    public internal(set) var reroutes = 0
    /// What the series read (PacketNetwork+Series.swift).
    let seriesPorts: SeriesPorts

    /// The event kinds of the network, in its block of `EventKindOwner` (below 16). Each case says what the event's
    /// target and argument name; at most one event of each port kind is pending per port.
    public enum NetworkEvent: UInt32, OwnedEventKind {
        /// The last bit of the packet being sent has left egress port `target`; no argument.
        case transmitDone
        /// The packet at the head of port `target`'s cable reaches its far end; no argument.
        case arrive
        /// The control message (credits, a pause frame) at the head of port `target`'s cable reaches its far end;
        /// no argument.
        case controlArrive
        /// Host `target`'s NIC may send again (pacing, a window or credits reopened); no argument.
        case nicWake
        /// A flow sent for a later time starts: target its number (`eventTarget(flow:)`), argument its slot.
        case flowStart
        /// A flow's retransmission timer: target its number, argument its slot.
        case retransmitTimer
        /// A link changes (a fault): target `ComponentID.model`, argument the change's index in the schedule.
        case linkChange
        /// Routing converges after a change: target `ComponentID.model`, no argument.
        case reroute
        /// An ingress still paused sends its pause again, or lifts it: target the PFC slot (ingress port ×
        /// classes + class), no argument.
        case pauseRefresh
        /// The earliest pause received by port `target` runs out; no argument.
        case pauseExpire
        /// A flow's congestion-control timer: target its number, argument its slot.
        case congestionTimer
        /// The PFC deadlock detector looks for a cycle of paused ports: target `ComponentID.model`, no argument.
        case deadlockCheck

        public static var owner: EventKindOwner { .network }
    }

    public init(topology: Topology, config: NetworkConfig, seed: UInt64, classes: Int = 2) {
        precondition(classes >= 2 && classes <= 8, "2 to 8 traffic classes")
        self.topology = topology
        self.config = config
        self.classes = classes
        routing = RoutingTable(topology: topology)
        ports = topology.ports.map { PortState(rate: $0.rate, delay: $0.delay) }
        links = LinkState(topology)
        queues = Array(repeating: PacketList(), count: topology.ports.count * classes)
        buffer = SharedBuffer(nodes: topology.nodes.count, config: config)
        credits = Credits(ports: topology.ports.count, classes: classes, config: config)
        pfc = PFC(topology: topology, config: config, classes: classes)
        ecn = ECNMarker(config.ecn, topology: topology, seed: seed)
        feedback = config.congestionControl.feedback
        countsAnswers = feedback.contains(.packetsInFlight)
        telemetry = InBandTelemetry(isOn: feedback.contains(.inBandTelemetry))
        egressFeedback = ecn.isOn || telemetry.isOn
        congestion = CongestionControllers(config)
        receivers = Receivers(config)
        trimming = config.trimming && config.flowControl == .none
        receiverGrants = config.receiverCredits != nil
        grants = ReceiverCredits(hosts: topology.hosts.count)
        salts = ECMP.salts(topology, seed: seed)
        balancing = LoadBalancers(config, nodes: topology.nodes.count)
        sprays = config.loadBalancing == .entropySpray
        packetEntropies = PacketEntropies(count: config.sprayEntropies)
        nics = NICs(hosts: topology.hosts.count)
        entropyStream = ECMP.entropyStream(seed: seed)
        seriesPorts = SeriesPorts(topology)
    }

    /// Adds a flow; it starts at `request.start`. When its last packet is acknowledged, the network schedules
    /// `notify` for `target` with `tag` as argument. Returns the flow's number: flows are numbered 0, 1, 2… in
    /// the order they are sent, whatever slot they take.
    @discardableResult
    public mutating func send(
        _ request: FlowRequest, notify target: ComponentID, kind: EventKind, tag: UInt64, scheduler: inout Scheduler
    ) -> Int {
        precondition(request.source != request.destination, "a flow needs two different hosts")
        precondition(request.trafficClass >= 1 && request.trafficClass < classes, "data uses classes 1..<classes")
        let packets = UInt32(max(1, (request.bytes + Int64(config.mtu) - 1) / Int64(config.mtu)))
        let id = flowsSent
        flowsSent += 1
        let flow = Flow(
            id: id, source: UInt32(request.source), destination: UInt32(request.destination), size: request.bytes,
            packets: packets, trafficClass: UInt8(request.trafficClass), start: request.start, finish: nil,
            notifyTarget: target, notifyKind: kind, notifyTag: tag, entropy: request.entropy ?? entropyStream.next())
        let slot = takeSlot(for: flow, &scheduler)
        if id < recordLimit { records.append(MessageRecord(flow, slot: slot)) }
        counters.flowsStarted += 1
        scheduler.schedule(
            NetworkEvent.flowStart.kind, for: eventTarget(flow: slot), at: max(request.start, scheduler.now),
            argument: UInt64(slot))
        return id
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        let index = Int(event.target.rawValue)
        switch NetworkEvent(event.kind) {
        case .transmitDone: transmitDone(port: index, &scheduler)
        case .arrive: arrive(port: index, &scheduler)
        case .controlArrive: controlArrive(port: index, &scheduler)
        case .nicWake: nicWake(host: index, &scheduler)
        case .flowStart: startFlow(Int(event.argument), &scheduler)
        case .retransmitTimer: retransmitTimer(flow: Int(event.argument), &scheduler)
        case .linkChange: applyLinkChange(Int(event.argument), &scheduler)
        case .reroute: reroute()
        case .pauseRefresh: pauseRefresh(slot: index, &scheduler)
        case .pauseExpire: pauseExpire(port: index, &scheduler)
        case .congestionTimer: congestionTimer(flow: Int(event.argument), &scheduler)
        case .deadlockCheck: deadlockCheck(&scheduler)
        case nil: preconditionFailure("not a network event: \(event.kind.rawValue)")
        }
    }

    /// Per switch, the most bytes its shared buffer held.
    public var peakBufferUsed: [Int64] { buffer.peakUsed }
    /// Credits: the most blocks held behind each ingress port and class (`port * classes + class`).
    public var peakIngressHeld: [Int64] { credits.peakHeld }
    /// PFC: the most bytes held behind each ingress port and class (`port * classes + class`), and each
    /// ingress port's headroom.
    public var peakIngressBytes: [Int64] { pfc.peakIngressBytes }
    public var headroomBytes: [Int64] { pfc.headroomBytes }

    /// Packets alive (queued, on a wire, or being sent), control packets included.
    public var packetsInFlight: Int { pool.live - controlMessagesAlive }
}

/// Why a packet was lost.
enum DropReason {
    case bufferFull
    case linkDown
    case unroutable
    /// PFC: more arrived after the pause than the headroom holds.
    case headroomOverrun
}
