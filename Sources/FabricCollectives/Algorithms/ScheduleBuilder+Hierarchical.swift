/// Hierarchical all-reduce, and the entry point that builds any `CollectiveSpec`.
extension ScheduleBuilder {
    /// Reduce-scatter inside each server over NVLink (a ring of its G GPUs), so that GPU g holds the sum over
    /// the server of part g of the buffer; then, for each g, an all-reduce of part g among GPU g of every server
    /// — one per rail, through that GPU's NIC, with `interServer`'s algorithm; then all-gather inside each server.
    /// Each rail's network all-reduce moves 1/G of the buffer, which is the point: G NICs per server share the
    /// inter-server traffic and, on a rail-optimised fabric, it stays on the rail.
    ///
    /// Members are grouped by server; every server must contribute the same number of GPUs.
    public mutating func hierarchicalAllReduce(
        members: [Int], bytes: Int64, chunkBytes: Int64, interServer: CollectiveAlgorithm, channels: Int, start: [OpID?]
    ) -> [OpID] {
        let groups = serverGroups(members)
        let g = groups[0].count
        precondition(
            groups.allSatisfy { $0.count == g }, "hierarchical all-reduce needs the same number of GPUs on every server"
        )
        var phase1 = start
        if g > 1 {
            for group in groups {
                let done = ring(
                    .reduceScatter, members: group.map { members[$0] }, orders: [Array(0..<g)], bytes: bytes,
                    chunkBytes: chunkBytes, start: group.map { start[$0] })
                for (k, position) in group.enumerated() { phase1[position] = done[k] }
            }
        }
        var phase2 = phase1
        if groups.count > 1 {
            for (rail, part) in split(bytes, into: g).enumerated() {
                let positions = groups.map { $0[rail] }
                let railMembers = positions.map { members[$0] }
                let railStart = positions.map { phase1[$0] }
                let done: [OpID]
                switch interServer {
                case .tree:
                    done = doubleBinaryTree(members: railMembers, bytes: part, chunkBytes: chunkBytes, start: railStart)
                case .halvingDoubling:
                    done = halvingDoubling(members: railMembers, bytes: part, start: railStart)
                default:
                    let orders = [[Int]](repeating: Array(0..<railMembers.count), count: channels)
                    done = ring(
                        .allReduce, members: railMembers, orders: orders, bytes: part, chunkBytes: chunkBytes,
                        start: railStart)
                }
                for (k, position) in positions.enumerated() { phase2[position] = done[k] }
            }
        }
        guard g > 1 else { return phase2.map { $0! } }
        var finals = [OpID](repeating: -1, count: members.count)
        for group in groups {
            let done = ring(
                .allGather, members: group.map { members[$0] }, orders: [Array(0..<g)], bytes: bytes,
                chunkBytes: chunkBytes, start: group.map { phase2[$0] })
            for (k, position) in group.enumerated() { finals[position] = done[k] }
        }
        return finals
    }

    /// Positions of `members` grouped by server, servers in order of first appearance.
    func serverGroups(_ members: [Int]) -> [[Int]] {
        var groups: [[Int]] = []
        var groupOf: [Int32: Int] = [:]
        for (position, gpu) in members.enumerated() {
            if let k = groupOf[layout.server[gpu]] {
                groups[k].append(position)
            } else {
                groupOf[layout.server[gpu]] = groups.count
                groups.append([position])
            }
        }
        return groups
    }

    /// Adds `spec` over `members` (global GPU indices, in rank order). `start[i]`, when given, must complete
    /// before member i takes part (its data is ready). Returns per member the operation that completes when the
    /// member has finished the collective.
    public mutating func collective(_ spec: CollectiveSpec, members: [Int], start: [OpID?]? = nil) -> [OpID] {
        precondition(spec.problem(ranks: members.count) == nil, spec.problem(ranks: members.count) ?? "")
        let start = start ?? [OpID?](repeating: nil, count: members.count)
        let flatChannels = spec.channels ?? defaultChannels(members: members)
        switch (spec.kind, spec.algorithm) {
        case (.allReduce, .tree):
            return doubleBinaryTree(members: members, bytes: spec.bytes, chunkBytes: spec.chunkBytes, start: start)
        case (.allReduce, .halvingDoubling):
            return halvingDoubling(members: members, bytes: spec.bytes, start: start)
        case (.allReduce, .hierarchical):
            return hierarchicalAllReduce(
                members: members, bytes: spec.bytes, chunkBytes: spec.chunkBytes,
                interServer: spec.interServer, channels: spec.channels ?? 1, start: start)
        case (.allReduce, .pipelinedHierarchical):
            return pipelinedHierarchicalAllReduce(
                members: members, bytes: spec.bytes, chunkBytes: spec.chunkBytes, start: start)
        case (.allReduce, _):
            return ring(
                .allReduce, members: members, orders: ringOrders(members: members, channels: flatChannels),
                bytes: spec.bytes, chunkBytes: spec.chunkBytes, start: start)
        case (.reduceScatter, _):
            return ring(
                .reduceScatter, members: members, orders: ringOrders(members: members, channels: flatChannels),
                bytes: spec.bytes, chunkBytes: spec.chunkBytes, start: start)
        case (.allGather, _):
            return ring(
                .allGather, members: members, orders: ringOrders(members: members, channels: flatChannels),
                bytes: spec.bytes, chunkBytes: spec.chunkBytes, start: start)
        case (.broadcast, _):
            return chainBroadcast(
                members: members, orders: ringOrders(members: members, channels: flatChannels),
                root: spec.root, bytes: spec.bytes, chunkBytes: spec.chunkBytes, start: start)
        case (.allToAll, _):
            return allToAll(members: members, bytes: spec.bytes, start: start)
        }
    }
}
