import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

/// Double binary tree and recursive halving-doubling against the cost models docs/collectives.md states.
@Suite("Collectives: tree and halving-doubling")
struct TreeAndHalvingDoublingTests {
    @Test("halving-doubling on a power of two costs 2·log₂p·α + 2(p−1)/p·Nβ", arguments: [4, 8])
    func halvingDoublingPowerOfTwo(p: Int) throws {
        let topology = try CollectiveFixtures.star(p)
        let cost = CollectiveFixtures.cost(topology)
        let n: Int64 = 8 << 20
        let (episode, schedule) = CollectiveFixtures.run(
            CollectiveSpec(.allReduce, algorithm: .halvingDoubling, bytes: n), on: topology)
        let model = CollectiveCostModel.halvingDoubling(ranks: p, bytes: Double(n), cost: cost)
        #expect(
            CollectiveFixtures.relativeError(episode.executor.lastFinish, model) < 0.005,
            "measured \(episode.executor.lastFinish), model \(model) s")
        // log₂p exchanges each way, every rank sending in each: 2·log₂p·p messages.
        #expect(schedule.ops.filter { $0.kind == .network }.count == 2 * p.trailingZeroBitCount * p)
        #expect(schedule.bytes(of: .network) == 2 * Int64(p - 1) * n)
    }

    @Test("halving-doubling folds the ranks beyond a power of two in and out: + 2(α + Nβ)")
    func halvingDoublingFold() throws {
        let p = 6
        let topology = try CollectiveFixtures.star(p)
        let cost = CollectiveFixtures.cost(topology)
        let n: Int64 = 4 << 20
        let (episode, _) = CollectiveFixtures.run(
            CollectiveSpec(.allReduce, algorithm: .halvingDoubling, bytes: n), on: topology)
        let model = CollectiveCostModel.halvingDoubling(ranks: p, bytes: Double(n), cost: cost)
        // The fold and unfold messages go one way only, so their acknowledgements do not share a sender's
        // cable with data as the model's duplex β assumes: the model is a little above.
        let error = (episode.executor.lastFinish.seconds - model) / model
        #expect(error < 0 && error > -0.01, "measured \(episode.executor.lastFinish), model \(model) s")
    }

    @Test(
        "double binary tree: packets take the model's time to 0.5 %, and each rank sends and receives n",
        arguments: [2, 4, 6, 8, 11])
    func doubleBinaryTree(p: Int) throws {
        let topology = try CollectiveFixtures.star(p)
        let cost = CollectiveFixtures.cost(topology)
        let n: Int64 = 8 << 20
        let spec = CollectiveSpec(.allReduce, algorithm: .tree, bytes: n)
        let (episode, schedule) = CollectiveFixtures.run(spec, on: topology)
        let model = CollectiveCostModel.doubleBinaryTree(
            ranks: p, bytes: Double(n), chunk: Double(spec.chunkBytes), cost: cost)
        #expect(
            CollectiveFixtures.relativeError(episode.executor.lastFinish, model) < 0.005,
            "measured \(episode.executor.lastFinish), model \(model) s")
        // Every rank but a root sends each half up once and receives it down once: 2(p − 1) × n/2 bytes each way.
        #expect(schedule.bytes(of: .network) == 2 * Int64(p - 1) * n)
        #expect(episode.fabric.network.counters.packetsDropped == 0)
    }

    @Test(
        "the two trees: every position has one parent but the root, depth ⌊log₂ n⌋, leaves of one are inner nodes of the other",
        arguments: [2, 5, 8, 13, 16, 64])
    func treePair(n: Int) {
        let (a, b) = BinaryTree.pair(count: n)
        for tree in [a, b] {
            #expect(tree.parent.filter { $0 < 0 }.count == 1)
            #expect(tree.children.map(\.count).reduce(0, +) == n - 1)
            #expect(tree.children.allSatisfy { $0.count <= 2 })
            #expect(tree.depth <= Int.bitWidth - 1 - n.leadingZeroBitCount)
        }
        // At most two children over both trees (the two-tree plan's colouring needs it): for even n the leaves of
        // one tree are the inner nodes of the other.
        for i in 0..<n {
            #expect(a.children[i].count + b.children[i].count <= 2, "position \(i) has more than two children")
        }
    }
}
