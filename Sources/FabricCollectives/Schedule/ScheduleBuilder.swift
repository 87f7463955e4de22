/// Builds a `TransferSchedule`: add transfers, joins and computes with their dependencies, then `build()`.
///
/// The algorithms (ScheduleBuilder+Ring.swift, +Tree, +HalvingDoubling, +Direct, +Hierarchical) are extensions
/// that add one collective over a list of member GPUs. Each takes, per member, the operation that must complete
/// before the member may start (its data is ready, or its previous phase is done), and returns, per member, a
/// join that completes when the member has finished: so phases and successive collectives chain.
public struct ScheduleBuilder {
    public let layout: GPULayout
    var ops: [TransferSchedule.Op] = []
    var dependencyCount: [Int32] = []
    /// The dependencies of every operation, operation after operation in the order they were added: operation
    /// i's are the next `dependencyCount[i]` entries, less one if it has a stream predecessor (which releases it
    /// without an edge). The edges' other ends are implied by that order, so an edge costs 4 bytes, not 8.
    var edgeFrom: [Int32] = []
    /// Per operation, once some transfer has named a receiver's predecessor (`transfer(receiverStream:)`): the next
    /// message into the same receiver that it releases, or −1. Empty until then, so that the algorithms that do
    /// not use it pay nothing.
    var receiverNext: [Int32] = []
    /// Per compute slot, its operation.
    var computeOps: [Int32] = []
    /// Messages of one stream that may be outstanding (started and not yet acknowledged) at once; see
    /// docs/collectives.md, "Streams", and `TransferSchedule.streamWindow`.
    public let streamWindow: Int

    public init(layout: GPULayout, streamWindow: Int = 2) {
        precondition(streamWindow >= 1)
        self.layout = layout
        self.streamWindow = streamWindow
    }

    public var count: Int { ops.count }

    /// A transfer of `bytes` from GPU `source` to GPU `destination`, over NVLink when they share a server and
    /// through the network otherwise. It starts once every operation in `after` has completed; if `stream` is
    /// given, once that earlier message of the same stream has been handed to the NIC and the one `streamWindow`
    /// messages back has completed (the window, counted by `build`); and if `receiverStream` is given, once that
    /// earlier message to the same GPU has been handed to its sender's NIC (so that messages into one receiver from
    /// different senders follow each other on its cable instead of sharing it).
    @discardableResult
    public mutating func transfer(
        from source: Int, to destination: Int, bytes: Int64, after: [OpID] = [], stream: OpID? = nil,
        receiverStream: OpID? = nil
    ) -> OpID {
        precondition(source != destination, "a transfer joins two different GPUs")
        precondition(bytes >= 0, "a transfer cannot move a negative number of bytes")
        let kind: TransferSchedule.OpKind = layout.sameServer(source, destination) ? .nvlink : .network
        let op = TransferSchedule.Op(
            bytes: bytes, source: Int32(source), destination: Int32(destination), streamNext: -1, kind: kind)
        let id = append(op, after: after)
        if let stream {
            precondition(ops[Int(stream)].streamNext < 0, "a stream is a chain: one successor per message")
            precondition(
                ops[Int(stream)].kind == .network || ops[Int(stream)].kind == .nvlink, "a stream links transfers")
            ops[Int(stream)].streamNext = id
            dependencyCount[Int(id)] += 1
        }
        if let previous = receiverStream {
            if receiverNext.isEmpty { receiverNext = [Int32](repeating: -1, count: ops.count) }
            precondition(receiverNext[Int(previous)] < 0, "a receiver's stream is a chain: one successor per message")
            precondition(
                ops[Int(previous)].destination == Int32(destination), "a receiver's stream links messages to one GPU")
            precondition(
                ops[Int(previous)].kind == .network || ops[Int(previous)].kind == .nvlink, "a stream links transfers")
            receiverNext[Int(previous)] = id
            dependencyCount[Int(id)] += 1
        }
        return id
    }

    /// Completes as soon as everything in `after` has (at once if `after` is empty). `gpu` names the rank it
    /// belongs to, for reports.
    @discardableResult
    public mutating func join(after: [OpID], gpu: Int = -1) -> OpID {
        append(
            TransferSchedule.Op(bytes: 0, source: Int32(gpu), destination: -1, streamNext: -1, kind: .join),
            after: after)
    }

    /// GPU `gpu` computes once everything in `after` has completed, for the duration the run gives this compute's
    /// slot: the next slot, `computeCount` before the call (slots number the computes in the order added).
    @discardableResult
    public mutating func compute(gpu: Int, after: [OpID] = []) -> OpID {
        let slot = Int32(computeOps.count)
        let id = append(
            TransferSchedule.Op(bytes: 0, source: Int32(gpu), destination: slot, streamNext: -1, kind: .compute),
            after: after)
        computeOps.append(id)
        return id
    }

    /// Computes added so far: the slots `0 ..< computeCount`.
    public var computeCount: Int { computeOps.count }

    /// A join of `after` if it holds more than one operation; the operation itself if one; nil if none.
    mutating func combine(_ after: [OpID], gpu: Int) -> OpID? {
        switch after.count {
        case 0: nil
        case 1: after[0]
        default: join(after: after, gpu: gpu)
        }
    }

    private mutating func append(_ op: TransferSchedule.Op, after: [OpID]) -> OpID {
        let id = OpID(ops.count)
        ops.append(op)
        dependencyCount.append(Int32(after.count))
        if !receiverNext.isEmpty { receiverNext.append(-1) }
        for d in after {
            precondition(d >= 0 && d < id, "a dependency must be added before its dependents")
            edgeFrom.append(d)
        }
        return id
    }

    /// Makes room for `operations` more operations and `edges` more dependencies, for an algorithm that knows
    /// how many it adds. Arrays grown by doubling hold up to twice what they need, and a flow-mode run's largest
    /// possession is its schedule (millions of messages for a ring over a thousand ranks): an empty builder is
    /// sized exactly; a builder that already holds operations grows at least twofold, so that a job adding many
    /// collectives in turn still copies each operation a bounded number of times.
    mutating func reserve(operations: Int, edges: Int) {
        func grow<T>(_ array: inout [T], by extra: Int) {
            let needed = array.count + extra
            if needed > array.capacity { array.reserveCapacity(Swift.max(needed, 2 * array.capacity)) }
        }
        grow(&ops, by: operations)
        grow(&dependencyCount, by: operations)
        grow(&edgeFrom, by: edges)
        if !receiverNext.isEmpty { grow(&receiverNext, by: operations) }
    }

    /// The schedule, with each operation's dependents gathered: a counting sort of the edges by their source,
    /// O(ops + edges). The builder is consumed: its operations and counts move into the schedule without a copy.
    /// This is the peak of a flow-mode collective's memory (docs/performance.md): 24 bytes an operation, 4 of
    /// counts, 4 of dependents' range, and per edge 4 in the builder and 4 in the schedule.
    ///
    /// Each operation's dependents come in the order the edges were added, as the executor starts them: the
    /// edges are placed from the last to the first, each at the end of its source's remaining range.
    public consuming func build() -> TransferSchedule {
        let count = ops.count
        // A stream release is counted as a dependency but is no edge: taken out of the counts while the edges are
        // placed, each operation's count is its number of edges.
        for op in ops where op.streamNext >= 0 { dependencyCount[Int(op.streamNext)] -= 1 }
        for next in receiverNext where next >= 0 { dependencyCount[Int(next)] -= 1 }
        // end[i]: one past operation i's range of dependents; placing an edge moves it down to the range's start.
        var start = [Int32](repeating: 0, count: count + 1)
        for from in edgeFrom { start[Int(from)] += 1 }
        for i in 1..<(count + 1) { start[i] += start[i - 1] }
        var dependents = [Int32](repeating: 0, count: edgeFrom.count)
        var edge = edgeFrom.count
        for to in stride(from: count - 1, through: 0, by: -1) {
            for _ in 0..<Int(dependencyCount[to]) {
                edge -= 1
                let from = Int(edgeFrom[edge])
                start[from] -= 1
                dependents[Int(start[from])] = Int32(to)
            }
        }
        precondition(edge == 0, "every edge belongs to one operation")
        // Back in the counts: the stream and receiver releases, and the completion the stream's window waits for.
        for next in receiverNext where next >= 0 { dependencyCount[Int(next)] += 1 }
        for j in 0..<count where ops[j].streamNext >= 0 {
            dependencyCount[Int(ops[j].streamNext)] += 1
            let windowed = TransferSchedule.windowSuccessor(of: j, in: ops, window: streamWindow)
            if windowed >= 0 { dependencyCount[windowed] += 1 }
        }
        return TransferSchedule(
            ops: ops, dependencyCount: dependencyCount, dependentsStart: start, dependents: dependents,
            streamWindow: streamWindow, receiverNext: receiverNext, computeOps: computeOps)
    }
}

/// `total` bytes in `parts` pieces that differ by at most one byte, the larger first.
func split(_ total: Int64, into parts: Int) -> [Int64] {
    precondition(parts > 0)
    let base = total / Int64(parts)
    let extra = Int(total % Int64(parts))
    return (0..<parts).map { base + ($0 < extra ? 1 : 0) }
}
