/// A binary tree over positions 0 … n − 1, for the double binary tree.
///
/// Built in order: number the positions 1 … n; position x whose lowest set bit is b has children x − b/2 and
/// x + b/2, and its parent is whichever of x ± b is an odd multiple of 2b. The root is the largest power of two
/// not above n. When n is not a power of two, a node whose parent would lie beyond n hangs instead from its
/// first ancestor within range, which then takes it as right child (the first of x + b/2, x + b/4, … that
/// exists). Odd positions are leaves, so about half the nodes are leaves and the depth is ⌊log₂ n⌋.
///
/// The second tree of the pair is this tree mirrored (position i ↔ n − 1 − i) when n is even, which makes the
/// leaves of one tree the inner nodes of the other, and shifted by one when n is odd (NCCL makes the same
/// choice; Sanders, Speck and Träff, "Two-tree algorithms for full bandwidth broadcast, reduction and scan",
/// Parallel Computing 35(12), 2009, construct the pair so).
public struct BinaryTree: Sendable, Equatable {
    /// Per position: its parent, or −1 for the root.
    public let parent: [Int]
    /// Per position: its children (none, one or two).
    public let children: [[Int]]
    public let root: Int

    public init(count n: Int) {
        precondition(n >= 1)
        var parent = [Int](repeating: -1, count: n)
        var children = [[Int]](repeating: [], count: n)
        var root = 1
        while root * 2 <= n { root *= 2 }
        for x in 1...n where x != root {
            // Climb from the natural parent until within range.
            var node = x
            var p = 0
            repeat {
                let b = node & -node
                p = (node / (2 * b)) % 2 == 1 ? node - b : node + b
                node = p
            } while p > n
            parent[x - 1] = p - 1
            children[p - 1].append(x - 1)
        }
        for i in 0..<n { children[i].sort() }
        self.parent = parent
        self.children = children
        self.root = root - 1
    }

    init(parent: [Int], children: [[Int]], root: Int) {
        self.parent = parent
        self.children = children
        self.root = root
    }

    /// The same tree over relabelled positions: position i of this tree becomes `map[i]`.
    public func relabelled(_ map: [Int]) -> BinaryTree {
        let n = parent.count
        var parent = [Int](repeating: -1, count: n)
        var children = [[Int]](repeating: [], count: n)
        for i in 0..<n {
            parent[map[i]] = self.parent[i] < 0 ? -1 : map[self.parent[i]]
            children[map[i]] = self.children[i].map { map[$0] }
        }
        return BinaryTree(parent: parent, children: children, root: map[root])
    }

    /// The two trees of the double binary tree over n positions.
    public static func pair(count n: Int) -> (BinaryTree, BinaryTree) {
        let first = BinaryTree(count: n)
        let map = n % 2 == 0 ? (0..<n).map { n - 1 - $0 } : (0..<n).map { ($0 + 1) % n }
        return (first, first.relabelled(map))
    }

    /// Edges from the root to the deepest leaf.
    public var depth: Int {
        var deepest = 0
        for i in parent.indices {
            var d = 0
            var node = i
            while parent[node] >= 0 {
                node = parent[node]
                d += 1
            }
            deepest = max(deepest, d)
        }
        return deepest
    }
}
