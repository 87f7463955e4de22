import FabricCollectives
import FabricKernel

/// Builds a `WorkloadGraph` over ranks: computes, point-to-point sends, collectives on groups of ranks, joins, each
/// after the operations it depends on. A new kind of job is a new builder on this one (docs/design/0012).
public struct WorkloadGraphBuilder {
    var schedule: ScheduleBuilder
    let members: [Int]
    var tasks: [ComputeTask] = []

    /// Rank i runs on GPU `members[i]`.
    public init(layout: GPULayout, members: [Int], streamWindow: Int = 2) {
        precondition(members.allSatisfy { $0 >= 0 && $0 < layout.count }, "every rank is a GPU of the topology")
        schedule = ScheduleBuilder(layout: layout, streamWindow: streamWindow)
        self.members = members
    }

    /// Rank `rank` computes `task` (a part of one of its phases) once everything in `after` has completed.
    @discardableResult
    public mutating func compute(_ task: ComputeTask, after: [OpID] = []) -> OpID {
        precondition(Int(task.rank) < members.count, "a compute runs on a rank of the job")
        tasks.append(task)
        return schedule.compute(gpu: members[Int(task.rank)], after: after)
    }

    /// `bytes` from rank `source` to rank `destination` (over NVLink inside a server, the network between servers)
    /// once everything in `after` has completed: a pipeline's activations, a point-to-point exchange.
    @discardableResult
    public mutating func send(from source: Int, to destination: Int, bytes: Int64, after: [OpID] = []) -> OpID {
        schedule.transfer(from: members[source], to: members[destination], bytes: bytes, after: after)
    }

    /// `spec` on the ranks `group` (in that order), expanded into transfers by its algorithm (docs/collectives.md).
    /// `start[i]`: the operation rank `group[i]` must have completed before it takes part (nil: at once). Returns
    /// per member the operation that completes when it has finished.
    @discardableResult
    public mutating func collective(_ spec: CollectiveSpec, group: [Int], start: [OpID?]) -> [OpID] {
        schedule.collective(spec, members: group.map { members[$0] }, start: start)
    }

    /// Completes when everything in `after` has; `rank` names whose it is, for reports (−1: nobody's).
    @discardableResult
    public mutating func join(after: [OpID], rank: Int = -1) -> OpID {
        schedule.join(after: after, gpu: rank >= 0 ? members[rank] : -1)
    }

    /// The graph; `rankEnds[i]` is the operation that ends rank i's step.
    public consuming func build(rankEnds: [OpID]) -> WorkloadGraph {
        precondition(rankEnds.count == members.count, "every rank ends its step with one operation")
        return WorkloadGraph(schedule: schedule.build(), members: members, tasks: tasks, rankEnds: rankEnds)
    }
}
