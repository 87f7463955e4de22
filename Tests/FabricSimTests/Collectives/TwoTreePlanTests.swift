import FabricCollectives
import Testing

/// The two-tree plan: conflict-free rounds, and an all-reduce that is one (every rank's result depends on every
/// rank's data).
@Suite("Collectives: the two-tree plan")
struct TwoTreePlanTests {
    static let sizes = Array(2...40) + [63, 64, 65, 127, 128, 129, 255, 1000, 1023, 1024]

    static func messages(_ plan: TwoTreePlan, chunks: [Int]) -> [TwoTreePlan.Message] {
        var all: [TwoTreePlan.Message] = []
        plan.messages(chunks: chunks) { all.append($0) }
        return all
    }

    @Test(
        "in every round a rank sends at most once and receives at most once, after what it waits for", arguments: sizes)
    func conflictFree(n: Int) {
        let plan = TwoTreePlan(count: n)
        let chunks = [3, 2]
        let all = Self.messages(plan, chunks: chunks)
        var sending = Set<[Int]>()
        var receiving = Set<[Int]>()
        for (index, message) in all.enumerated() {
            #expect(
                sending.insert([message.round, message.from]).inserted,
                "n \(n): rank \(message.from) sends twice in round \(message.round)")
            #expect(
                receiving.insert([message.round, message.to]).inserted,
                "n \(n): rank \(message.to) receives twice in round \(message.round)")
            for before in message.data + [message.previousSent, message.previousReceived] where before >= 0 {
                #expect(
                    Int(before) < index && all[Int(before)].round < message.round,
                    "n \(n): message \(index) waits for a later one")
            }
        }
        // Each tree edge carries every chunk of its tree once up and once down.
        #expect(all.count == 2 * (n - 1) * chunks.reduce(0, +))
        #expect(all.map(\.round).max()! < 2 * plan.roundsPerPhase(chunks: 3))
    }

    @Test(
        "every rank's last message of each chunk depends on every rank's data of that chunk",
        arguments: [2, 3, 5, 8, 13, 20])
    func allReduce(n: Int) {
        let plan = TwoTreePlan(count: n)
        let chunks = [2, 2]
        let all = Self.messages(plan, chunks: chunks)
        // Per message, the (rank, tree, chunk) shares it carries: its sender's own, and those of the messages whose
        // data it forwards (not those it merely waits for).
        var follows = [Set<[Int]>]()
        for message in all {
            var set = Set<[Int]>()
            // A share sent up carries its sender's data, and so does what a root sends down.
            let tree = plan.trees[message.tree]
            if tree.parent[message.from] == message.to || tree.root == message.from {
                set.insert([message.from, message.tree, message.chunk])
            }
            for before in message.data { set.formUnion(follows[Int(before)]) }
            follows.append(set)
        }
        for t in 0..<2 {
            for j in 0..<chunks[t] {
                let everyone = Set((0..<n).map { [$0, t, j] })
                for c in 0..<n where plan.trees[t].parent[c] >= 0 {
                    let arrival = all.lastIndex {
                        $0.tree == t && $0.chunk == j && $0.to == c && plan.trees[t].parent[c] == $0.from
                    }!
                    #expect(
                        follows[arrival].isSuperset(of: everyone),
                        "n \(n): chunk \(j) of tree \(t) reaches rank \(c) without every rank's share")
                }
            }
        }
    }

    @Test("without latency the time is the busiest NIC's messages and the pipeline's fill, four serialisations a chunk")
    func serialisationBound() {
        for n in [3, 8, 64, 1024] {
            let plan = TwoTreePlan(count: n)
            let t8 = plan.time(chunks: [8, 8], alpha: 0, serialisation: 1)
            // A rank with two children sends 4 messages a chunk: 2 up (one per tree) and 2 down.
            #expect(t8 >= 4 * 8 && t8 <= Double(2 * plan.roundsPerPhase(chunks: 8)), "n \(n): \(t8)")
            #expect(
                plan.time(chunks: [9, 9], alpha: 0, serialisation: 1) == t8 + 4, "n \(n): the pipeline's steady state")
            // Latency adds at most one α per round of the plan.
            let slow = plan.time(chunks: [8, 8], alpha: 0.5, serialisation: 1)
            #expect(slow > t8 && slow <= Double(2 * plan.roundsPerPhase(chunks: 8)) * 1.5, "n \(n): \(slow)")
        }
        // Two ranks: each tree is one edge; a rank sends its 6 chunks up one tree, then 6 down the other.
        #expect(TwoTreePlan(count: 2).time(chunks: [6, 6], alpha: 0, serialisation: 1) == 12)
    }

    @Test(
        "small messages get smaller chunks, as NCCL's tree: 8, then 4, then 1 chunk per level, down to 32 KiB at most")
    func chunkRule() {
        let plan = TwoTreePlan(count: 64) // depth 6 for both trees
        #expect(plan.trees.map(\.depth).max() == 6)
        let requested: Int64 = 512 << 10
        // Large: 512 MiB per tree is 1,024 chunks, far more than 8 per level.
        #expect(plan.chunkBytes(perTree: 512 << 20, requested: requested) == requested)
        // 4 MiB per tree: 8 chunks of 512 KiB < 48; halved to 128 KiB (32 chunks), where the first rule stops; 32 ≥ 24.
        #expect(plan.chunkBytes(perTree: 4 << 20, requested: requested) == 128 << 10)
        // 512 KiB per tree: down to 64 KiB (8 chunks ≥ 6 levels).
        #expect(plan.chunkBytes(perTree: 512 << 10, requested: requested) == 64 << 10)
        // Tiny: never below 32 KiB, never above what was asked.
        #expect(plan.chunkBytes(perTree: 4 << 10, requested: requested) == 32 << 10)
        #expect(plan.chunkBytes(perTree: 4 << 10, requested: 16 << 10) == 16 << 10)
    }
}
