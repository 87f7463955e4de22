import FabricKernel
import FabricNetwork

/// Runs a `TransferSchedule` on a `CollectiveFabric`: starts every operation whose dependencies have completed,
/// and counts down its dependents when it completes.
///
/// A model that owns the executor and the fabric routes the executor's event kinds (`Kind`) to `handle`, and
/// every kind below `Transport.firstForeignKind` to the network. All state is in arrays sized
/// when the executor is made, but for the work list, which grows to the most operations ready at once and is
/// then reused; handling an event allocates nothing once it has (the network's own flow table grows as
/// messages are sent).
public struct ScheduleExecutor: Sendable {
    /// The executor's event kinds; the argument is an operation index.
    public enum Kind: UInt32 {
        /// A transfer completed: the network acknowledged its last byte, or its NVLink booking ended.
        case done = 16
        /// A message has been handed to the NIC: its stream successor may start.
        case streamRelease = 17
        /// A gate opens (the model schedules it when a rank's data becomes ready).
        case gateOpen = 18

        public var kind: EventKind { EventKind(rawValue: rawValue) }
        /// Kinds from here on are free for the model that owns the executor (16–31 belong to the network's
        /// clients: the executor here, the network's background generator at 24).
        public static let firstModelKind: UInt32 = 32
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
    /// Operations ready to start: a work list that keeps its capacity.
    var ready: [Int32] = []
    /// Operations not yet completed.
    public private(set) var remaining: Int
    /// When the last operation completed.
    public private(set) var lastFinish: SimTime = .zero

    public init(schedule: TransferSchedule, target: ComponentID = ComponentID(0), recordsOperations: Bool = true) {
        self.schedule = schedule
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

    /// The mark of an operation that has completed in `pending` (a gate opens only once).
    static let completed: Int32 = -1

    public var isComplete: Bool { remaining == 0 }

    /// Starts every operation that waits for nothing (gates wait to be opened).
    public mutating func start<Network>(fabric: inout CollectiveFabric<Network>, scheduler: inout Scheduler) {
        for op in 0..<schedule.count where pending[op] == 0 && schedule.ops[op].kind != .gate {
            ready.append(Int32(op))
        }
        drain(&fabric, &scheduler)
    }

    /// Opens gate `op` now.
    public mutating func open<Network>(
        gate op: Int, fabric: inout CollectiveFabric<Network>, scheduler: inout Scheduler
    ) {
        precondition(schedule.ops[op].kind == .gate && pending[op] == 0, "only a closed gate opens")
        if recordsOperations { startTime[op] = scheduler.now }
        complete(op, scheduler.now)
        drain(&fabric, &scheduler)
    }

    public mutating func handle<Network>(
        _ event: Event, fabric: inout CollectiveFabric<Network>, scheduler: inout Scheduler
    ) {
        let op = Int(event.argument)
        switch Kind(rawValue: event.kind.rawValue) {
        case .done: complete(op, scheduler.now)
        case .streamRelease: release(op)
        case .gateOpen:
            if recordsOperations { startTime[op] = scheduler.now }
            complete(op, scheduler.now)
        case nil: preconditionFailure("not an executor event: \(event.kind.rawValue)")
        }
        drain(&fabric, &scheduler)
    }

    mutating func drain<Network>(_ fabric: inout CollectiveFabric<Network>, _ scheduler: inout Scheduler) {
        while let op = ready.popLast() { begin(Int(op), &fabric, &scheduler) }
    }

    mutating func begin<Network>(_ op: Int, _ fabric: inout CollectiveFabric<Network>, _ scheduler: inout Scheduler) {
        let now = scheduler.now
        if recordsOperations { startTime[op] = now }
        let o = schedule.ops[op]
        switch o.kind {
        case .network:
            let source = Int(fabric.layout.host[Int(o.source)])
            let f = fabric.network.send(
                FlowRequest(
                    source: source, destination: Int(fabric.layout.host[Int(o.destination)]), bytes: o.bytes, start: now
                ),
                notify: target, kind: Kind.done.kind, tag: UInt64(op), scheduler: &scheduler)
            if recordsOperations { flow[op] = Int32(f) }
            if o.streamNext >= 0 || schedule.receiverSuccessor(of: op) >= 0 {
                scheduler.schedule(
                    Kind.streamRelease.kind, for: target,
                    after: fabric.network.injectionTime(bytes: o.bytes, host: source),
                    argument: UInt64(op))
            }
        case .nvlink:
            let server = Int(fabric.layout.server[Int(o.source)])
            let end = fabric.nvlink.transfer(
                server: server, from: Int(fabric.layout.local[Int(o.source)]),
                to: Int(fabric.layout.local[Int(o.destination)]), bytes: o.bytes, now: now)
            scheduler.schedule(Kind.done.kind, for: target, at: end, argument: UInt64(op))
            // The NVLink domain queues a GPU's transfers first come, first served: the next may be booked now.
            release(op)
        case .join:
            complete(op, now)
        case .gate:
            break
        }
    }

    /// `op` has been handed to the NIC (or booked on NVLink): its stream's next message and its receiver's may go.
    mutating func release(_ op: Int) {
        let next = Int(schedule.ops[op].streamNext)
        if next >= 0 { countDown(next, by: op) }
        let receiver = schedule.receiverSuccessor(of: op)
        if receiver >= 0 { countDown(receiver, by: op) }
    }

    mutating func complete(_ op: Int, _ now: SimTime) {
        pending[op] = Self.completed
        if recordsOperations { finishTime[op] = now }
        remaining -= 1
        lastFinish = now
        // The message the stream's window releases is no edge; it is counted down in its place among the
        // dependents (which are in the order they were added, ascending) as if it were one, so that operations
        // ready at the same instant start in the same order either way.
        var windowed = schedule.windowSuccessor(of: op)
        let start = Int(schedule.dependentsStart[op])
        let end = Int(schedule.dependentsStart[op + 1])
        for k in start..<end {
            let next = Int(schedule.dependents[k])
            if windowed >= 0, windowed < next {
                countDown(windowed, by: op)
                windowed = -1
            }
            countDown(next, by: op)
        }
        if windowed >= 0 { countDown(windowed, by: op) }
    }

    mutating func countDown(_ op: Int, by cause: Int) {
        pending[op] -= 1
        if pending[op] == 0 {
            if recordsOperations { trigger[op] = Int32(cause) }
            if schedule.ops[op].kind != .gate { ready.append(Int32(op)) }
        }
    }

    /// The chain of operations that led to `op`, from `op` back to one that waited for nothing (or a gate):
    /// each step is the dependency that completed last. Needs `recordsOperations`.
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
