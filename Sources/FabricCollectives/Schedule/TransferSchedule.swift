/// Collectives, point-to-point transfers and compute as a graph of operations with dependencies, built before it
/// runs: the executor only counts down dependencies and reads indices, so running it allocates nothing per event.
/// It is the operation layer of the workload graph (FabricWorkload's `WorkloadGraph`, docs/design/0012): a
/// collective sweep holds transfers and joins only; a training step adds its ranks' compute.
///
/// An operation starts when all its dependencies have completed; then it moves `bytes` from one GPU to another
/// (over the packet network between servers, over NVLink inside one), or it completes at once (`join`), or it
/// computes on its GPU for the duration the run gives its compute slot (`compute`). A network or NVLink transfer may name a
/// stream successor: the next message on the same connection, which may start once this one has been handed
/// to the NIC at line rate (see docs/collectives.md, "Streams"); and a receiver's successor, the next message into
/// the same GPU, released at the same moment.
public struct TransferSchedule: Sendable {
    public enum OpKind: UInt8, Sendable {
        /// GPUs on different servers: a message through the packet network, NIC to NIC.
        case network
        /// GPUs of one server: a transfer over NVLink.
        case nvlink
        /// Completes as soon as its dependencies have: a rank finishing a phase, a barrier.
        case join
        /// A GPU busy for a time that the run gives per compute slot (`ScheduleExecutor.durations`): a rank's
        /// forward pass, a part of its backward pass, its optimizer. Its dependents see it complete that long
        /// after it started.
        case compute
    }

    /// One operation. The fields are laid out widest first so that an operation takes 24 bytes, not 32: a
    /// schedule holds one per message, millions for a ring over a thousand ranks (docs/performance.md).
    public struct Op: Sendable, Equatable {
        public var bytes: Int64
        /// Sending GPU (global index) of a transfer; the rank's GPU for a join or a compute, or −1.
        public var source: Int32
        /// Receiving GPU of a transfer; a compute's slot (`computeSlot`); −1 for a join.
        public var destination: Int32
        /// The next message of the same stream, released when this one has been handed to the NIC; −1 if none.
        public var streamNext: Int32
        public var kind: OpKind

        /// A compute's index among the schedule's computes, in the order they were added: where its duration is
        /// read from (`ScheduleExecutor.durations`).
        @inlinable public var computeSlot: Int { Int(destination) }
    }

    public let ops: [Op]
    /// Per operation: how many completions (and stream releases) it waits for.
    public let dependencyCount: [Int32]
    /// Dependents of operation i: `dependents[dependentsStart[i] ..< dependentsStart[i + 1]]`.
    public let dependentsStart: [Int32]
    public let dependents: [Int32]
    /// Messages of one stream that may be outstanding at once: a message also waits for the completion of the one
    /// `streamWindow` places before it in its stream (docs/collectives.md, "Streams"). That dependency is not an
    /// edge in `dependents`: it follows from the stream links (`windowSuccessor(of:)`), so a ring's schedule holds
    /// one edge per message instead of two.
    public let streamWindow: Int
    /// Per operation: the next message into the same receiver, released with it when it has been handed to the
    /// NIC; empty when no operation has one (`ScheduleBuilder.transfer(receiverStream:)`).
    public let receiverNext: [Int32]
    /// Per compute slot, its operation: the computes in the order they were added.
    public let computeOps: [Int32]

    public var count: Int { ops.count }

    /// The message `op` releases into its receiver, or −1.
    @inlinable public func receiverSuccessor(of op: Int) -> Int {
        receiverNext.isEmpty ? -1 : Int(receiverNext[op])
    }

    /// The operations waiting on `op`'s completion.
    @inlinable public func dependents(of op: Int) -> ArraySlice<Int32> {
        dependents[Int(dependentsStart[op])..<Int(dependentsStart[op + 1])]
    }

    /// The message that waits for `op`'s completion by its stream's window: `streamWindow` places after it in
    /// its stream; −1 if there is none.
    @inlinable public func windowSuccessor(of op: Int) -> Int {
        Self.windowSuccessor(of: op, in: ops, window: streamWindow)
    }

    @inlinable static func windowSuccessor(of op: Int, in ops: [Op], window: Int) -> Int {
        var next = op
        for _ in 0..<window {
            next = Int(ops[next].streamNext)
            if next < 0 { return -1 }
        }
        return next
    }

    /// Total bytes of transfers of one kind.
    public func bytes(of kind: OpKind) -> Int64 {
        ops.reduce(0) { $0 + ($1.kind == kind ? $1.bytes : 0) }
    }
}

/// The index of an operation in the schedule being built.
public typealias OpID = Int32
