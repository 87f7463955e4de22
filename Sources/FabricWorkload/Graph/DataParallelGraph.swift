import FabricCollectives
import FabricKernel

/// The synchronous data-parallel job as a workload graph (docs/workload.md, "One step"): per rank a forward
/// pass, a backward pass cut into one part per gradient bucket, each bucket's all-reduce once the rank has
/// computed its part and reduced the bucket before (collectives on one communicator run in order), and the
/// optimizer once the last bucket is reduced.
///
/// The operations are added in the order the job's schedule has always had (per bucket: every rank's backward
/// part, the joins on the previous bucket, the all-reduce), the forward passes first and the optimizers last: so
/// the executor starts the same transfers in the same order, and each part of the backward pass that a bucket
/// waits for ends with one event, in bucket order then rank order, as the buckets' releases always have.
public struct DataParallelGraph: Sendable {
    /// The phases of `compute`: index 0 forward, 1 backward, 2 optimizer.
    public static let forward = 0
    public static let backward = 1
    public static let optimizer = 2

    public let graph: WorkloadGraph
    public let compute: ComputeModel
    /// backward[k][i]: rank i's part of the backward pass whose end releases bucket k.
    public let backward: [[OpID]]
    /// reduced[k][i]: completes when rank i has bucket k reduced.
    public let reduced: [[OpID]]
    /// Per rank: its optimizer, the end of its step.
    public var optimizers: [OpID] { graph.rankEnds }

    public init(job: TrainingJob, layout: GPULayout, members: [Int]) {
        precondition(job.buckets >= 1, "the gradients go in one bucket at least")
        compute = ComputeModel(
            phases: [job.forward, job.backward, job.optimizer], jitter: job.jitter, stragglers: job.stragglers)
        var builder = WorkloadGraphBuilder(layout: layout, members: members)
        let ranks = members.indices
        var last = ranks.map { builder.compute(ComputeTask(rank: $0, phase: Self.forward), after: []) }
        var backward: [[OpID]] = []
        var reduced: [[OpID]] = []
        let buckets = job.bucketBytes
        for (k, bytes) in buckets.enumerated() {
            last = ranks.map {
                builder.compute(
                    ComputeTask(rank: $0, phase: Self.backward, part: k, parts: buckets.count), after: [last[$0]])
            }
            let start: [OpID?] = ranks.map { i in
                guard let previous = reduced.last else { return last[i] }
                return builder.join(after: [last[i], previous[i]], rank: i)
            }
            var spec = job.allReduce
            spec.bytes = bytes
            backward.append(last)
            reduced.append(builder.collective(spec, group: Array(ranks), start: start))
        }
        let optimizers = ranks.map {
            builder.compute(ComputeTask(rank: $0, phase: Self.optimizer), after: [reduced.last?[$0] ?? last[$0]])
        }
        graph = builder.build(rankEnds: optimizers)
        self.backward = backward
        self.reduced = reduced
    }

    /// When rank r's forward and backward passes ended in a step that ran on `executor`: its last bucket's release.
    public func forwardBackwardEnd(rank r: Int, executor: ScheduleExecutor) -> SimTime {
        executor.finishTime[Int(backward[backward.count - 1][r])]
    }
}
