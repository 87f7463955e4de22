import FabricCollectives
import FabricKernel

/// A training step as a graph: computes on ranks, transfers between them (point to point, and collectives on
/// groups of ranks expanded into transfers by the collective algorithms), joins, and the dependencies between them
/// (docs/design/0012-workload-graph.md). A builder makes it once (`WorkloadGraphBuilder`; the data-parallel job's
/// is `DataParallelGraph`); every step runs it with its own compute drawn from the job's `ComputeModel`.
///
/// The operations themselves are a `TransferSchedule`, which the collectives' executor runs; the graph adds what
/// a compute stands for (its rank and phase, `tasks` by compute slot), the ranks' GPUs, and each rank's last
/// operation, whose end is the rank's end of the step.
public struct WorkloadGraph: Sendable {
    public let schedule: TransferSchedule
    /// Rank i runs on GPU `members[i]` (a global GPU index of the topology).
    public let members: [Int]
    /// Per compute slot: what the compute is.
    public let tasks: [ComputeTask]
    /// Per rank: the operation that ends its step (the data-parallel job's optimizer).
    public let rankEnds: [OpID]

    public var ranks: Int { members.count }

    /// Per compute slot, its duration in a step whose phases were drawn as `draws`.
    public func durations(_ draws: ComputeDraws) -> [SimTime] {
        tasks.map { $0.duration(of: draws[Int($0.rank), Int($0.phase)]) }
    }

    /// The step's end with an infinitely fast network — the same computes, every transfer instantaneous: the
    /// longest path through the graph, the computes its only weights. Exact (integer times); what the step's stall
    /// is measured against.
    public func computeOnlyEnd(durations: [SimTime]) -> SimTime {
        let ops = schedule.ops
        // at[i]: when operation i may start, then (once i is reached, in index order: dependencies come first)
        // when it ends.
        var at = [SimTime](repeating: .zero, count: ops.count)
        func reach(_ next: Int, _ end: SimTime) { if next >= 0 { at[next] = max(at[next], end) } }
        for i in ops.indices {
            let end = at[i] + (ops[i].kind == .compute ? durations[ops[i].computeSlot] : .zero)
            at[i] = end
            for k in Int(schedule.dependentsStart[i])..<Int(schedule.dependentsStart[i + 1]) {
                reach(Int(schedule.dependents[k]), end)
            }
            // A stream's and a receiver's next message, and the one its window holds back, wait for it too.
            if ops[i].streamNext >= 0 {
                reach(Int(ops[i].streamNext), end)
                reach(schedule.windowSuccessor(of: i), end)
            }
            reach(schedule.receiverSuccessor(of: i), end)
        }
        return rankEnds.reduce(SimTime.zero) { max($0, at[Int($1)]) }
    }

    /// Per rank, the time it computed in the step (the sum of its computes' durations).
    public func computeTime(durations: [SimTime]) -> [SimTime] {
        var total = [SimTime](repeating: .zero, count: ranks)
        for (slot, task) in tasks.enumerated() { total[Int(task.rank)] += durations[slot] }
        return total
    }

    /// The operations of the step's communication: its transfers and joins, and the computes they wait for (one
    /// per rank and bucket for the data-parallel job: the moments its buckets are released). The summary's
    /// `transfers_per_step`; a compute nothing but computes wait for (a forward pass, an optimizer) is not one.
    public var communicationOperations: Int {
        schedule.ops.indices.count { op in
            schedule.ops[op].kind != .compute
                || schedule.dependents(of: op).contains { schedule.ops[Int($0)].kind != .compute }
        }
    }
}

/// What a compute of the graph stands for: part `part` of `parts` equal parts of phase `phase` of rank `rank`.
/// Parts are cut at ⌊d·k/parts⌋, so the parts of a phase add up to it exactly and part k ends exactly
/// ⌊d·(k + 1)/parts⌋ after the phase began (the data-parallel job's bucket k is released then).
public struct ComputeTask: Sendable, Equatable {
    public var rank: Int32
    public var phase: Int32
    public var part: Int32
    public var parts: Int32

    public init(rank: Int, phase: Int, part: Int = 0, parts: Int = 1) {
        precondition(parts >= 1 && part >= 0 && part < parts, "a part of a phase is one of its parts")
        self.rank = Int32(rank)
        self.phase = Int32(phase)
        self.part = Int32(part)
        self.parts = Int32(parts)
    }

    /// Its duration when its phase takes `phase`.
    public func duration(of phase: SimTime) -> SimTime {
        let n = Int64(parts)
        let k = Int64(part)
        return SimTime(rawValue: phase.rawValue * (k + 1) / n - phase.rawValue * k / n)
    }
}
