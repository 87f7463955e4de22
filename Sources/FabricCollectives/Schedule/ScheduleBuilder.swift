/// Builds a `TransferSchedule`: add transfers, joins and gates with their dependencies, then `build()`.
///
/// The algorithms (ScheduleBuilder+Ring.swift, +Tree, +HalvingDoubling, +Direct, +Hierarchical) are extensions
/// that add one collective over a list of member GPUs. Each takes, per member, the operation that must complete
/// before the member may start (its data is ready, or its previous phase is done), and returns, per member, a
/// join that completes when the member has finished: so phases and successive collectives chain.
public struct ScheduleBuilder {
    public let layout: GPULayout
    var ops: [TransferSchedule.Op] = []
    var dependencyCount: [Int32] = []
    var edgeFrom: [Int32] = []
    var edgeTo: [Int32] = []
    /// Per operation: the previous message of its stream, or −1.
    var streamPrevious: [Int32] = []
    /// Messages of one stream that may be outstanding (started and not yet acknowledged) at once; see
    /// docs/collectives.md, "Streams".
    public var streamWindow: Int

    public init(layout: GPULayout, streamWindow: Int = 2) {
        precondition(streamWindow >= 1)
        self.layout = layout
        self.streamWindow = streamWindow
    }

    public var count: Int { ops.count }

    /// A transfer of `bytes` from GPU `source` to GPU `destination`, over NVLink when they share a server and
    /// through the network otherwise. It starts once every operation in `after` has completed and, if
    /// `stream` is given, once that earlier message of the same stream has been handed to the NIC.
    @discardableResult
    public mutating func transfer(from source: Int, to destination: Int, bytes: Int64, after: [OpID] = [], stream: OpID? = nil) -> OpID {
        precondition(source != destination, "a transfer joins two different GPUs")
        precondition(bytes >= 0, "a transfer cannot move a negative number of bytes")
        let kind: TransferSchedule.OpKind = layout.sameServer(source, destination) ? .nvlink : .network
        var after = after
        if let stream {
            // The window: this message also waits for the acknowledgement of the one `streamWindow` back.
            var back = stream
            for _ in 1..<streamWindow where back >= 0 { back = streamPrevious[Int(back)] }
            if back >= 0 { after.append(back) }
        }
        let id = append(TransferSchedule.Op(kind: kind, source: Int32(source), destination: Int32(destination), bytes: bytes, streamNext: -1), after: after)
        streamPrevious[Int(id)] = stream ?? -1
        if let stream {
            precondition(ops[Int(stream)].streamNext < 0, "a stream is a chain: one successor per message")
            precondition(ops[Int(stream)].kind == .network || ops[Int(stream)].kind == .nvlink, "a stream links transfers")
            ops[Int(stream)].streamNext = id
            dependencyCount[Int(id)] += 1
        }
        return id
    }

    /// Completes as soon as everything in `after` has (at once if `after` is empty). `gpu` names the rank it
    /// belongs to, for reports.
    @discardableResult
    public mutating func join(after: [OpID], gpu: Int = -1) -> OpID {
        append(TransferSchedule.Op(kind: .join, source: Int32(gpu), destination: -1, bytes: 0, streamNext: -1), after: after)
    }

    /// Completes when the executor opens it (`ScheduleExecutor.open`): GPU `gpu`'s data is ready.
    @discardableResult
    public mutating func gate(gpu: Int) -> OpID {
        append(TransferSchedule.Op(kind: .gate, source: Int32(gpu), destination: -1, bytes: 0, streamNext: -1), after: [])
    }

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
        streamPrevious.append(-1)
        for d in after {
            precondition(d >= 0 && d < id, "a dependency must be added before its dependents")
            edgeFrom.append(d)
            edgeTo.append(id)
        }
        return id
    }

    /// The schedule, with each operation's dependents gathered (counting sort by source: O(ops + edges)).
    public func build() -> TransferSchedule {
        var start = [Int32](repeating: 0, count: ops.count + 1)
        for from in edgeFrom { start[Int(from) + 1] += 1 }
        for i in 0..<ops.count { start[i + 1] += start[i] }
        var next = start
        var dependents = [Int32](repeating: 0, count: edgeFrom.count)
        for (from, to) in zip(edgeFrom, edgeTo) {
            dependents[Int(next[Int(from)])] = to
            next[Int(from)] += 1
        }
        return TransferSchedule(ops: ops, dependencyCount: dependencyCount, dependentsStart: start, dependents: dependents)
    }
}

/// `total` bytes in `parts` pieces that differ by at most one byte, the larger first.
func split(_ total: Int64, into parts: Int) -> [Int64] {
    precondition(parts > 0)
    let base = total / Int64(parts)
    let extra = Int(total % Int64(parts))
    return (0..<parts).map { base + ($0 < extra ? 1 : 0) }
}
