/// Double binary tree all-reduce.
extension ScheduleBuilder {
    /// Two binary trees over `members` (`BinaryTree.pair`), each carrying half of `bytes` in chunks of at most
    /// `chunkBytes`. In each tree, chunk c climbs to the root (every inner node adds its children's chunk c to its
    /// own before sending it up) and the root's sum descends again; chunks follow each other, so the climb of
    /// one overlaps the descent of earlier ones. Each connection (child → parent, parent → child) is a stream.
    public mutating func doubleBinaryTree(members: [Int], bytes: Int64, chunkBytes: Int64, start: [OpID?]) -> [OpID] {
        let p = members.count
        precondition(p >= 2 && start.count == p)
        let (a, b) = BinaryTree.pair(count: p)
        let trees = [a, b]
        let halves = split(bytes, into: 2)
        let chunkCounts = halves.map { max(1, Int(($0 + chunkBytes - 1) / chunkBytes)) }
        let chunkSizes = zip(halves, chunkCounts).map { split($0, into: $1) }
        let postOrders = trees.map { Self.postOrder($0) }
        var finals = [[OpID]](repeating: [], count: p)
        for t in 0..<2 {
            let tree = trees[t]
            var up = [OpID](repeating: -1, count: p)    // this chunk's send of each node to its parent
            var down = [OpID](repeating: -1, count: p)  // this chunk's send of each node's parent to it
            var lastUp = [OpID?](repeating: nil, count: p)
            var lastDown = [OpID?](repeating: nil, count: p)
            for c in 0..<chunkCounts[t] {
                let size = chunkSizes[t][c]
                for v in postOrders[t] where tree.parent[v] >= 0 {
                    var after = tree.children[v].map { up[$0] }
                    if c == 0, let gate = start[v] { after.append(gate) }
                    up[v] = transfer(from: members[v], to: members[tree.parent[v]], bytes: size, after: after, stream: lastUp[v])
                    lastUp[v] = up[v]
                }
                for v in postOrders[t].reversed() where tree.parent[v] >= 0 {
                    let u = tree.parent[v]
                    var after: [OpID]
                    if u == tree.root {
                        after = tree.children[u].map { up[$0] }
                        if c == 0, let gate = start[u] { after.append(gate) }
                    } else {
                        after = [down[u]]
                    }
                    down[v] = transfer(from: members[u], to: members[v], bytes: size, after: after, stream: lastDown[v])
                    lastDown[v] = down[v]
                }
            }
            for v in 0..<p {
                if tree.parent[v] >= 0 {
                    finals[v].append(lastUp[v]!)
                    finals[v].append(lastDown[v]!)
                }
                for w in tree.children[v] { finals[v].append(lastDown[w]!) }
            }
        }
        return (0..<p).map { combine(finals[$0], gpu: members[$0])! }
    }

    /// Children before parents.
    static func postOrder(_ tree: BinaryTree) -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(tree.parent.count)
        var stack: [(node: Int, expanded: Bool)] = [(tree.root, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
            } else {
                stack.append((node, true))
                for child in tree.children[node].reversed() { stack.append((child, false)) }
            }
        }
        return order
    }
}
