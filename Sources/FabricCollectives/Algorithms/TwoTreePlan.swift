/// The round plan of the two-tree all-reduce: which round each message of each tree is sent in, such that in every
/// round every rank sends at most one message and receives at most one (Sanders, Speck and Träff, "Two-tree
/// algorithms for full bandwidth broadcast, reduction and scan", Parallel Computing 35(12), 2009).
///
/// `BinaryTree.pair` gives every rank at most two children over both trees and at most one parent per tree, so
/// the parent → child edges form a bipartite graph (senders on one side, receivers on the other) of degree at
/// most two: paths and even cycles, which two colours cover with no rank sending two edges of one colour nor
/// receiving two. Broadcasting chunk j of a tree, the edge into rank c is used in round 2j + offset(c), where the
/// offset has the edge's colour as parity and grows by 1 from parent to child when the two edges' colours differ
/// and by 2 when they agree. A rank's two sends thus fall in rounds of different parity, as do its two receives,
/// and each forward comes at least one round after the chunk arrived. The reduction runs the same plan backwards in
/// time: chunk j leaves c for its parent in round 2j + (maxOffset − offset(c)). (With two ranks, `period` 1 replaces the
/// 2.)
public struct TwoTreePlan: Sendable, Equatable {
    /// The two trees (tree 0 and tree 1 of `BinaryTree.pair`).
    public let trees: [BinaryTree]
    /// Per tree, per rank: the broadcast round offset of the edge from its parent; −1 for the tree's root.
    public let offset: [[Int]]
    /// The largest offset over both trees: rounds 0 … period·(C − 1) + maxOffset carry one phase of C chunks per tree.
    public let maxOffset: Int
    /// Rounds between consecutive chunks on an edge: 2, as a rank has two edges to serve; 1 for two ranks, where
    /// each tree is a single edge and a rank sends on one and receives on the other.
    public let period: Int

    public init(count n: Int) {
        precondition(n >= 2)
        let (a, b) = BinaryTree.pair(count: n)
        precondition(
            (0..<n).allSatisfy { a.children[$0].count + b.children[$0].count <= 2 },
            "a rank has at most two children over both trees")
        trees = [a, b]
        let colour = Self.colours(trees)
        var offset = [[Int]](repeating: [Int](repeating: -1, count: n), count: 2)
        for t in 0..<2 {
            let tree = trees[t]
            // Parents before children: the root first, then breadth first.
            var queue = [tree.root]
            var head = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                for c in tree.children[v] {
                    let k = colour[t][c]
                    offset[t][c] = v == tree.root ? k : offset[t][v] + (k != colour[t][v] ? 1 : 2)
                    queue.append(c)
                }
            }
        }
        self.offset = offset
        maxOffset = offset.joined().max()!
        period = n == 2 ? 1 : 2
    }

    /// The chunk size for `bytes` per tree when `requested` is asked for: smaller for small messages, so that the
    /// pipeline has chunks enough to fill the trees. NCCL's tree does the same (enqueue.cc, Simple protocol): it
    /// halves the chunk while a tree gets fewer than 8 chunks per level of depth and the chunk is above 128 KiB,
    /// then fewer than 4 per level above 64 KiB, then fewer than 1 per level above 32 KiB. Depth here is the
    /// deeper tree's, in edges.
    public func chunkBytes(perTree bytes: Int64, requested: Int64) -> Int64 {
        let depth = Int64(trees.map(\.depth).max()!)
        var chunk = requested
        for (perLevel, floor) in [(Int64(8), Int64(128 << 10)), (4, 64 << 10), (1, 32 << 10)] {
            while bytes / chunk < perLevel * depth && chunk > floor { chunk /= 2 }
        }
        return chunk
    }

    /// Rounds of one phase (a reduction or a broadcast) of `chunks` chunks per tree.
    public func roundsPerPhase(chunks: Int) -> Int { period * (chunks - 1) + maxOffset + 1 }

    /// One message of the all-reduce.
    public struct Message {
        /// The round the plan gives it: in a round, a rank sends at most one message and receives at most one.
        public var round: Int
        public var tree: Int
        public var from: Int
        public var to: Int
        public var chunk: Int
        /// The messages (by index in the order visited) whose data it carries, which it waits to complete: its
        /// sender's children's shares going up, the chunk's arrival at its sender going down.
        public var data: [Int32]
        /// Its sender's previous message and its receiver's previous one (or −1), which it waits to have been
        /// handed to their NICs: so no two messages share a sender's or a receiver's cable.
        public var previousSent: Int32
        public var previousReceived: Int32
        /// The rank whose own data it carries for the first time (a rank's first share sent up, a root's first
        /// chunk sent down), or nil.
        public var firstDataOf: Int?
    }

    /// The all-reduce's messages in round order, `chunks[t]` chunks in tree t: a reduction up both trees, chunk j
    /// leaving c in round period·j + (maxOffset − offset(c)); then a broadcast, chunk j entering c in round
    /// phase + period·j + offset(c). A root starts its broadcast once it holds the sums of all its chunks.
    public func messages(chunks: [Int], _ visit: (Message) -> Void) {
        let n = trees[0].parent.count
        let most = chunks.max()!
        // Per tree, per rank, per chunk: the index of its message to its parent and of the one from its parent.
        var up = [[Int32]](repeating: [Int32](repeating: -1, count: n * most), count: 2)
        var down = up
        var lastSent = [Int32](repeating: -1, count: n)
        var lastReceived = [Int32](repeating: -1, count: n)
        var count: Int32 = 0
        var byOffset = [[[Int]]](repeating: [[Int]](repeating: [], count: maxOffset + 1), count: 2)
        for t in 0..<2 {
            for c in 0..<n where offset[t][c] >= 0 { byOffset[t][offset[t][c]].append(c) }
        }
        func emit(_ round: Int, _ t: Int, from u: Int, to v: Int, chunk j: Int, data: [Int32], firstDataOf: Int?)
            -> Int32
        {
            visit(
                Message(
                    round: round, tree: t, from: u, to: v, chunk: j, data: data, previousSent: lastSent[u],
                    previousReceived: lastReceived[v], firstDataOf: firstDataOf))
            lastSent[u] = count
            lastReceived[v] = count
            count += 1
            return count - 1
        }
        let phase = roundsPerPhase(chunks: most)
        for round in 0..<(2 * phase) {
            let broadcast = round >= phase
            for t in 0..<2 {
                let tree = trees[t]
                for d in 0...maxOffset {
                    let shift = broadcast ? round - phase - d : round - maxOffset + d
                    guard shift >= 0, shift % period == 0, shift / period < chunks[t] else { continue }
                    let j = shift / period
                    for c in byOffset[t][d] {
                        let u = tree.parent[c]
                        if !broadcast {
                            up[t][c * most + j] = emit(
                                round, t, from: c, to: u, chunk: j, data: tree.children[c].map { up[t][$0 * most + j] },
                                firstDataOf: j == 0 ? c : nil)
                        } else if u == tree.root {
                            // The chunk's sum, and before the first chunk goes down, the sums of all of them.
                            let sums = j == 0 ? [j, chunks[t] - 1] : [j]
                            let data = sums.flatMap { k in tree.children[u].map { up[t][$0 * most + k] } }
                            down[t][c * most + j] = emit(
                                round, t, from: u, to: c, chunk: j, data: data, firstDataOf: j == 0 ? u : nil)
                        } else {
                            down[t][c * most + j] = emit(
                                round, t, from: u, to: c, chunk: j, data: [down[t][u * most + j]], firstDataOf: nil)
                        }
                    }
                }
            }
        }
    }

    /// The all-reduce's completion time when every message takes `serialisation` to leave its NIC and completes
    /// `alpha` later, as on an idle fabric where none shares a cable: the longest path through the messages'
    /// dependencies, each starting when the data it carries has completed, when its sender's and its receiver's
    /// previous messages have left their NICs, and when its sender's message `window` places back has completed
    /// (the stream's window of docs/collectives.md, "Streams").
    public func time(chunks: [Int], alpha: Double, serialisation: Double, window: Int = 2) -> Double {
        var start: [Double] = []
        var sentBefore: [Int32] = []
        messages(chunks: chunks) { message in
            var t = message.data.map { start[Int($0)] + serialisation + alpha }.max() ?? 0
            for previous in [message.previousSent, message.previousReceived] where previous >= 0 {
                t = max(t, start[Int(previous)] + serialisation)
            }
            var back = message.previousSent
            for _ in 1..<window where back >= 0 { back = sentBefore[Int(back)] }
            if back >= 0 { t = max(t, start[Int(back)] + serialisation + alpha) }
            start.append(t)
            sentBefore.append(message.previousSent)
        }
        return (start.max() ?? 0) + serialisation + alpha
    }

    /// Per tree, per non-root rank: the colour (0 or 1) of the edge from its parent. Every rank's out-edges (over
    /// both trees) differ in colour, and so do its in-edges: the edges are coloured alternately along each path or
    /// cycle of the sender/receiver graph.
    static func colours(_ trees: [BinaryTree]) -> [[Int]] {
        let n = trees[0].parent.count
        // Edge (t, c): tree t's edge from parent[c] into c. Out-edges of a sender and in-edges of a receiver.
        var out = [[(tree: Int, child: Int)]](repeating: [], count: n)
        for t in 0..<2 {
            for c in 0..<n where trees[t].parent[c] >= 0 { out[trees[t].parent[c]].append((t, c)) }
        }
        var colour = [[Int]](repeating: [Int](repeating: -1, count: n), count: 2)
        // The other edge sharing an endpoint: at the receiver c, the edge into c in the other tree; at the sender,
        // its other out-edge.
        func atReceiver(_ e: (tree: Int, child: Int)) -> (tree: Int, child: Int)? {
            trees[1 - e.tree].parent[e.child] >= 0 ? (1 - e.tree, e.child) : nil
        }
        func atSender(_ e: (tree: Int, child: Int)) -> (tree: Int, child: Int)? {
            out[trees[e.tree].parent[e.child]].first { $0 != e }
        }
        func walk(from e: (tree: Int, child: Int), colour k: Int, receiverFirst: Bool) {
            var next = receiverFirst ? atReceiver(e) : atSender(e)
            var k = 1 - k
            var byReceiver = !receiverFirst
            while let f = next, colour[f.tree][f.child] < 0 {
                colour[f.tree][f.child] = k
                next = byReceiver ? atReceiver(f) : atSender(f)
                byReceiver.toggle()
                k = 1 - k
            }
        }
        for t in 0..<2 {
            for c in 0..<n where trees[t].parent[c] >= 0 && colour[t][c] < 0 {
                colour[t][c] = 0
                walk(from: (t, c), colour: 0, receiverFirst: true)
                walk(from: (t, c), colour: 0, receiverFirst: false)
            }
        }
        return colour
    }
}
