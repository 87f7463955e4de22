import FabricKernel
import FabricTransport

/// Runs a `TransferSchedule` on a `CollectiveFabric`: starts every operation whose dependencies have completed,
/// and counts down its dependents when it completes.
///
/// A compute takes its duration from `durations` (by compute slot). Its end is known when it starts, so it needs
/// an event only when a transfer or a join waits for it: a compute that follows a compute starts at its
/// predecessor's end without one (its start may lie ahead of the clock), and so does a compute nothing waits for
/// (an optimizer at a step's end). A compute with dependents other than computes ends with one event, which
/// counts those down; the computes among its dependents were counted down when it started, with its end as the
/// time their data arrived. So a rank's forward and backward passes cost one event per gradient bucket that
/// communication waits for, and a rank may wait on the network inside a step (a pipeline stage for its
/// activations) as naturally as at its end.
///
/// A model that owns the executor and the fabric routes the executor's event kinds (`Kind`, the block
/// `EventKindOwner.executor`) to `handle`, and the network's to the network. All state is in arrays sized
/// when the executor is made, but for the work lists, which grow to the most operations ready at once and are
/// then reused; handling an event allocates nothing once they have (the network's own flow table grows as
/// messages are sent).
public struct ScheduleExecutor: Sendable {
    /// The executor's event kinds: target the executor's `target`, argument an operation index.
    public enum Kind: UInt32, OwnedEventKind {
        /// A transfer completed: the network acknowledged its last byte, or its NVLink booking ended.
        case done
        /// A message has been handed to the NIC: its stream successor may start.
        case streamRelease
        /// A compute ended that a transfer or a join waits for.
        case computeDone
        /// A message's grant from its receiver reached its sender (`ReceiverAdmission`): it starts.
        case granted

        public static var owner: EventKindOwner { .executor }
    }

    public let schedule: TransferSchedule
    /// The component id the executor's events are addressed to.
    public let target: ComponentID
    /// Per operation: the completions (and stream releases) it still waits for; `completed` once it has run.
    var pending: [Int32]
    /// Whether `startTime`, `finishTime`, `trigger` and `flow` are kept. They are what the training job's
    /// reports read (per-bucket times, the critical path and its slowest transfer); a collective sweep reads only
    /// `lastFinish`, and without them the executor holds 4 bytes per operation instead of 28: 50 MB less for a
    /// ring over 1,024 ranks (docs/performance.md).
    public let recordsOperations: Bool
    /// Per operation: when it started and completed (`.max` if it has not); empty unless `recordsOperations`.
    public private(set) var startTime: [SimTime]
    public private(set) var finishTime: [SimTime]
    /// Per operation: the operation whose completion (or stream release) let it start, or −1: the path of the
    /// last dependency, for critical-path reports. Empty unless `recordsOperations`.
    public private(set) var trigger: [Int32]
    /// Per network operation: its flow index in the network; −1 for others. Empty unless `recordsOperations`.
    public private(set) var flow: [Int32]
    /// Per compute slot: how long the compute takes (the run draws them per rank and step).
    public let durations: [SimTime]
    /// Per compute slot: the latest time a dependency's data arrived so far, the compute's start once its last
    /// dependency is counted down (a compute's predecessor counts it down when it starts, with its end).
    var computeReady: [SimTime]
    /// Operations ready to start: a work list that keeps its capacity.
    var ready: [Int32] = []
    /// Computes ready to start, first in first out (`computeHead` is the next), so that the computes that
    /// follow each other from one moment are started, and their ends scheduled, level by level: every rank's
    /// first bucket, then every rank's second.
    var computes: [Int32] = []
    var computeHead = 0
    /// Operations not yet completed.
    public private(set) var remaining: Int
    /// When the last operation completed.
    public private(set) var lastFinish: SimTime = .zero
    /// How messages use the network's connections (`ConnectionConfig`), read from the fabric at `start`: queue
    /// pairs per connection, and the receivers' admission when there is one.
    var connections = ConnectionConfig.standard
    var admission: ReceiverAdmission?
    /// Round robin over queue pairs: per operation, the queue pair its message takes — the one after its
    /// stream predecessor's, set when that one is sent (0 for a stream's first). Empty unless in use.
    var queuePair: [UInt8] = []

    /// `durations`: per compute slot of `schedule`, its duration (none for a schedule without computes).
    public init(
        schedule: TransferSchedule, durations: [SimTime] = [], target: ComponentID = .model,
        recordsOperations: Bool = true
    ) {
        precondition(durations.count == schedule.computeOps.count, "one duration per compute of the schedule")
        self.schedule = schedule
        self.durations = durations
        computeReady = Array(repeating: .zero, count: durations.count)
        self.target = target
        self.recordsOperations = recordsOperations
        pending = schedule.dependencyCount
        let recorded = recordsOperations ? schedule.count : 0
        startTime = Array(repeating: .max, count: recorded)
        finishTime = Array(repeating: .max, count: recorded)
        trigger = Array(repeating: -1, count: recorded)
        flow = Array(repeating: -1, count: recorded)
        remaining = schedule.count
    }

    /// The mark of an operation that has completed in `pending`.
    static let completed: Int32 = -1

    /// Every operation has completed or, for a compute, has its end fixed (it may lie after the clock: an
    /// optimizer nothing waits for). `lastFinish` is then the schedule's end.
    public var isComplete: Bool { remaining == 0 }

    /// Starts every operation that waits for nothing.
    public mutating func start<Network>(fabric: inout CollectiveFabric<Network>, scheduler: inout Scheduler) {
        connections = fabric.network.config.connections
        if connections.queuePairs > 1, connections.queuePairUse == .roundRobin {
            queuePair = Array(repeating: 0, count: schedule.count)
        }
        admission = connections.admission.map {
            ReceiverAdmission(limit: $0, hosts: fabric.network.topology.hosts.count)
        }
        for op in 0..<schedule.count where pending[op] == 0 {
            if schedule.ops[op].kind == .compute { computes.append(Int32(op)) } else { ready.append(Int32(op)) }
        }
        drain(&fabric, &scheduler)
    }

    public mutating func handle<Network>(
        _ event: Event, fabric: inout CollectiveFabric<Network>, scheduler: inout Scheduler
    ) {
        let op = Int(event.argument)
        switch Kind(event.kind) {
        case .done: delivered(op, &fabric, &scheduler)
        case .streamRelease: release(op, scheduler.now)
        case .computeDone: computeEnded(op, scheduler.now)
        case .granted: send(op, &fabric, &scheduler)
        case nil: preconditionFailure("not an executor event: \(event.kind.rawValue)")
        }
        drain(&fabric, &scheduler)
    }

    mutating func drain<Network>(_ fabric: inout CollectiveFabric<Network>, _ scheduler: inout Scheduler) {
        while true {
            if computeHead < computes.count {
                let op = Int(computes[computeHead])
                computeHead += 1
                compute(op, &scheduler)
            } else if let op = ready.popLast() {
                begin(Int(op), &fabric, &scheduler)
            } else {
                break
            }
        }
        if computeHead > 0 {
            computes.removeAll(keepingCapacity: true)
            computeHead = 0
        }
    }

    /// Starts compute `op` once its last dependency's data has arrived (now, or ahead of the clock when that was
    /// a compute) and fixes its end: the computes that wait for it are counted down with that end now, and, if a
    /// transfer or a join waits for it too, an event at its end counts those down then.
    mutating func compute(_ op: Int, _ scheduler: inout Scheduler) {
        let slot = schedule.ops[op].computeSlot
        let start = max(computeReady[slot], scheduler.now)
        let end = start + durations[slot]
        pending[op] = Self.completed
        if recordsOperations {
            startTime[op] = start
            finishTime[op] = end
        }
        remaining -= 1
        lastFinish = max(lastFinish, end)
        var waited = false
        for k in Int(schedule.dependentsStart[op])..<Int(schedule.dependentsStart[op + 1]) {
            let next = Int(schedule.dependents[k])
            if schedule.ops[next].kind == .compute {
                countDown(next, by: op, at: end)
            } else {
                waited = true
            }
        }
        if waited { scheduler.schedule(Kind.computeDone.kind, for: target, at: end, argument: UInt64(op)) }
    }

    /// Compute `op` has ended: the transfers and joins that wait for it are counted down.
    mutating func computeEnded(_ op: Int, _ now: SimTime) {
        for k in Int(schedule.dependentsStart[op])..<Int(schedule.dependentsStart[op + 1]) {
            let next = Int(schedule.dependents[k])
            if schedule.ops[next].kind != .compute { countDown(next, by: op, at: now) }
        }
    }

    mutating func begin<Network>(_ op: Int, _ fabric: inout CollectiveFabric<Network>, _ scheduler: inout Scheduler) {
        let now = scheduler.now
        if recordsOperations { startTime[op] = now }
        let o = schedule.ops[op]
        switch o.kind {
        case .network:
            let receiver = Int(fabric.layout.host[Int(o.destination)])
            if admission?.admit(Int32(op), into: receiver) ?? true { send(op, &fabric, &scheduler) }
        case .nvlink:
            let server = Int(fabric.layout.server[Int(o.source)])
            let end = fabric.nvlink.transfer(
                server: server, from: Int(fabric.layout.local[Int(o.source)]),
                to: Int(fabric.layout.local[Int(o.destination)]), bytes: o.bytes, now: now)
            scheduler.schedule(Kind.done.kind, for: target, at: end, argument: UInt64(op))
            // The NVLink domain queues a GPU's transfers first come, first served: the next may be booked now.
            release(op, now)
        case .join:
            complete(op, now)
        case .compute:
            preconditionFailure("a compute starts from the compute list")
        }
    }

    /// Network operation `op` goes to the NIC, on its connection's queue pairs (`ConnectionConfig`): whole on the
    /// next queue pair in turn, or split evenly across them all (the first parts take the remainder), each part on
    /// its queue pair's path. It is delivered when every part is: `pending` counts the parts still in flight,
    /// since a started operation waits for nothing else.
    mutating func send<Network>(_ op: Int, _ fabric: inout CollectiveFabric<Network>, _ scheduler: inout Scheduler) {
        let o = schedule.ops[op]
        let source = Int(fabric.layout.host[Int(o.source)])
        let destination = Int(fabric.layout.host[Int(o.destination)])
        let split = connections.queuePairUse == .split
        let parts = split ? Int(min(Int64(connections.queuePairs), max(o.bytes, 1))) : 1
        let first = queuePair.isEmpty ? 0 : Int(queuePair[op])
        if !queuePair.isEmpty, o.streamNext >= 0 {
            queuePair[Int(o.streamNext)] = UInt8((first + 1) % connections.queuePairs)
        }
        let share = o.bytes / Int64(parts)
        let remainder = Int(o.bytes - share * Int64(parts))
        pending[op] = Int32(parts - 1)
        for part in 0..<parts {
            let entropy = ECMP.connectionEntropy(
                source: Int(o.source), destination: Int(o.destination), queuePair: first + part)
            let f = fabric.network.send(
                FlowRequest(
                    source: source, destination: destination, bytes: share + (part < remainder ? 1 : 0),
                    start: scheduler.now, entropy: entropy),
                notify: target, kind: Kind.done.kind, tag: UInt64(op), scheduler: &scheduler)
            if part == 0, recordsOperations { flow[op] = Int32(f) }
        }
        if o.streamNext >= 0 || schedule.receiverSuccessor(of: op) >= 0 {
            scheduler.schedule(
                Kind.streamRelease.kind, for: target, after: fabric.network.injectionTime(bytes: o.bytes, host: source),
                argument: UInt64(op))
        }
    }

    /// A part of transfer `op` was delivered (or its NVLink booking ended). When it was the last, `op` completes,
    /// and under admission its receiver's place passes to the next message waiting for one, whose grant travels
    /// to its sender as a small control packet on an idle fabric (it rides the highest priority).
    mutating func delivered<Network>(
        _ op: Int, _ fabric: inout CollectiveFabric<Network>, _ scheduler: inout Scheduler
    ) {
        if pending[op] > 0 {
            pending[op] -= 1
            return
        }
        complete(op, scheduler.now)
        let o = schedule.ops[op]
        guard o.kind == .network, admission != nil else { return }
        let receiver = Int(fabric.layout.host[Int(o.destination)])
        guard let next = admission?.release(host: receiver) else { return }
        let sender = Int(fabric.layout.host[Int(schedule.ops[Int(next)].source)])
        let grant = ByteCount(Int64(fabric.network.config.ackBytes))
        let latency = fabric.network.onePacketLatency(from: receiver, to: sender, wire: grant)?.latency ?? .zero
        scheduler.schedule(Kind.granted.kind, for: target, after: latency, argument: UInt64(next))
    }

    /// `op` has been handed to the NIC (or booked on NVLink): its stream's next message and its receiver's may go.
    mutating func release(_ op: Int, _ now: SimTime) {
        let next = Int(schedule.ops[op].streamNext)
        if next >= 0 { countDown(next, by: op, at: now) }
        let receiver = schedule.receiverSuccessor(of: op)
        if receiver >= 0 { countDown(receiver, by: op, at: now) }
    }

    mutating func complete(_ op: Int, _ now: SimTime) {
        pending[op] = Self.completed
        if recordsOperations { finishTime[op] = now }
        remaining -= 1
        lastFinish = max(lastFinish, now)
        // The message the stream's window releases is no edge; it is counted down in its place among the
        // dependents (which are in the order they were added, ascending) as if it were one, so that operations
        // ready at the same instant start in the same order either way.
        var windowed = schedule.windowSuccessor(of: op)
        let start = Int(schedule.dependentsStart[op])
        let end = Int(schedule.dependentsStart[op + 1])
        for k in start..<end {
            let next = Int(schedule.dependents[k])
            if windowed >= 0, windowed < next {
                countDown(windowed, by: op, at: now)
                windowed = -1
            }
            countDown(next, by: op, at: now)
        }
        if windowed >= 0 { countDown(windowed, by: op, at: now) }
    }

    /// One of `op`'s dependencies is done (`cause`, its data there at `time`). A compute's dependencies may arrive
    /// out of time order (a compute counts its successors down with its end when it starts), so a compute keeps
    /// the latest arrival and, as its trigger, the dependency that brought it (the later counted, of equal ones);
    /// for any other operation the last counted down is the latest.
    mutating func countDown(_ op: Int, by cause: Int, at time: SimTime) {
        pending[op] -= 1
        if schedule.ops[op].kind == .compute {
            let slot = schedule.ops[op].computeSlot
            if time >= computeReady[slot] {
                computeReady[slot] = time
                if recordsOperations { trigger[op] = Int32(cause) }
            }
            if pending[op] == 0 { computes.append(Int32(op)) }
        } else if pending[op] == 0 {
            if recordsOperations { trigger[op] = Int32(cause) }
            ready.append(Int32(op))
        }
    }

    /// The chain of operations that led to `op`, from `op` back to one that waited for nothing: each step is the
    /// dependency whose data arrived last (its completion, its stream release, or a compute's end). Needs
    /// `recordsOperations`.
    public func criticalPath(to op: Int) -> [Int] {
        precondition(recordsOperations, "the executor was made without recording its operations")
        var path: [Int] = []
        var current = op
        while current >= 0 {
            path.append(current)
            current = Int(trigger[current])
        }
        return path
    }
}
