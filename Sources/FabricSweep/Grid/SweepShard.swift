/// `--shard i/n`: the i-th of n slices of a sweep's grid, numbered from 0 as Slurm's `SLURM_ARRAY_TASK_ID` (with
/// `--array=0-N`) and Kubernetes' `JOB_COMPLETION_INDEX` are.
///
/// A shard takes runs (a point at a seed), not whole points, so a sweep of 6 points × 10 seeds can use 60 tasks.
/// Runs are numbered in grid order, seeds of a point together (run r is point r ÷ seeds, its (r mod seeds)-th
/// seed), and dealt round robin: run r belongs to shard r mod n. Dealing rather than cutting in blocks spreads
/// the costly points over the shards, since neighbouring points of a grid tend to cost alike (the same topology
/// size). A shard's summary holds only its runs' figures; `merge` recomputes every point's statistics from all
/// of them, so where a point's seeds ran does not change a byte of the merged files.
public struct SweepShard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public static let whole = SweepShard(index: 0, count: 1)

    /// The most shards a sweep may be cut into.
    public static let maximumCount = 1_000_000

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count)
        self.index = index
        self.count = count
    }

    public init(parsing text: String) throws(SweepInputError) {
        let option = "--shard \(text)"
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw SweepInputError(
                option: option, "expected INDEX/COUNT with whole numbers, e.g. --shard 0/4 (shards 0 to 3 of 4)")
        }
        guard n >= 1, n <= Self.maximumCount else {
            throw SweepInputError(option: option, "the count is \(n); expected 1 to \(Self.maximumCount)")
        }
        guard i >= 0, i < n else {
            // The likely slip on a cluster: N taken from the array's size, which a retried task's array does not
            // have (`sbatch --array=3` has one task, SLURM_ARRAY_TASK_COUNT=1).
            throw SweepInputError(
                option: option,
                "the index is \(i); shards of \(n) are numbered 0 to \(n - 1). N is the number of shards the sweep is cut into, the same in every task: state it once in the job script (scripts/cluster/), not from the array's size (SLURM_ARRAY_TASK_COUNT is 1 when one task is retried)"
            )
        }
        self.init(index: i, count: n)
    }

    /// Whether run `run` (numbered in grid order, seeds of a point together) is this shard's.
    public func contains(run: Int) -> Bool { run % count == index }

    public var description: String { "\(index)/\(count)" }
}
