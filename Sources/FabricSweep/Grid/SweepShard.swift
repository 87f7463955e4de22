/// `--shard i/n`: the i-th of n slices of a sweep's grid, numbered from 0 as Slurm's `SLURM_ARRAY_TASK_ID` (with
/// `--array=0-N`) and Kubernetes' `JOB_COMPLETION_INDEX` are.
///
/// Points are dealt round robin (point p belongs to shard p mod n) rather than in blocks: neighbouring points of
/// a grid tend to cost alike (the same topology size), so dealing spreads the expensive ones over the shards.
/// All seeds of a point stay in one shard, so each shard can summarise its points on its own.
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
            throw SweepInputError(
                option: option,
                "the index is \(i); shards of \(n) are numbered 0 to \(n - 1) (Slurm: --array=0-\(n - 1))")
        }
        self.init(index: i, count: n)
    }

    public func contains(point: Int) -> Bool { point % count == index }

    public var description: String { "\(index)/\(count)" }
}
