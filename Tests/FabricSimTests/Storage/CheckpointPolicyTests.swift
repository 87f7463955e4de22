import FabricKernel
import FabricStorage
import Testing

/// Who writes how much, and when a checkpoint is due.
@Suite struct CheckpointPolicyTests {
    @Test func shardsAddUpToTheCheckpointOrAllGoToRankZero() {
        // 1,000,003 parameters × 16 B over 7 ranks: equal to the byte, the first few one byte more.
        let sharded = CheckpointPolicy(parameters: 1_000_003, trigger: .steps(1))
        let shards = sharded.shards(ranks: 7)
        #expect(shards.reduce(0, +) == 16_000_048)
        #expect(shards.max()! - shards.min()! <= 1)
        var replica = sharded
        replica.sharding = .replica
        #expect(replica.shards(ranks: 7) == [16_000_048, 0, 0, 0, 0, 0, 0])
        // The snapshot copies the largest shard: a single writer stalls 7 × longer.
        #expect(replica.snapshotTime(ranks: 7).rawValue > 6 * sharded.snapshotTime(ranks: 7).rawValue)
    }

    @Test func aCheckpointIsDueEveryNStepsOrAtTheFirstStepBoundaryAfterTheInterval() {
        let everyThree = CheckpointPolicy(parameters: 1, trigger: .steps(3))
        #expect((0..<9).filter { everyThree.isDue(afterStep: $0, now: .zero, lastStart: nil) } == [2, 5, 8])
        let everyTenMs = CheckpointPolicy(parameters: 1, trigger: .interval(.milliseconds(10)))
        #expect(!everyTenMs.isDue(afterStep: 0, now: .milliseconds(9), lastStart: nil))
        #expect(everyTenMs.isDue(afterStep: 1, now: .milliseconds(12), lastStart: nil))
        #expect(!everyTenMs.isDue(afterStep: 2, now: .milliseconds(21), lastStart: .milliseconds(12)))
        #expect(everyTenMs.isDue(afterStep: 3, now: .milliseconds(22), lastStart: .milliseconds(12)))
    }
}
