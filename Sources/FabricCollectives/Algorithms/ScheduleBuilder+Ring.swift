/// Ring collectives: all-reduce (reduce-scatter then all-gather), reduce-scatter, all-gather, and the pipelined
/// chain that broadcasts from a root.
extension ScheduleBuilder {
    public enum RingPhase: Sendable {
        /// 2(p − 1) steps: p − 1 of reduce-scatter, then p − 1 of all-gather.
        case allReduce
        /// p − 1 steps, each rank ending with one fully reduced segment.
        case reduceScatter
        /// p − 1 steps, each rank starting with one segment and ending with all of them.
        case allGather

        func steps(ranks p: Int) -> Int { self == .allReduce ? 2 * (p - 1) : p - 1 }
    }

    /// One ring per channel over `members` (global GPU indices). `orders[h]` is channel h's ring as positions in
    /// `members`; channel h carries its share of `bytes` (split as evenly as bytes allow), cut into p segments, and
    /// each segment into chunks of at most `chunkBytes`.
    ///
    /// At step j, the member at ring position i sends chunk c of segment (i − j) mod p to position i + 1. It may
    /// do so once it has received chunk c of step j − 1 from position i − 1 (the data it adds to, or forwards)
    /// and once its previous message on this channel has been handed to the NIC (the stream). A member's first
    /// send waits for `start[member]`. Each member finishes when its last send and its last receive on every
    /// channel have completed; the returned joins, one per member, complete then.
    public mutating func ring(
        _ phase: RingPhase, members: [Int], orders: [[Int]], bytes: Int64, chunkBytes: Int64, start: [OpID?]
    ) -> [OpID] {
        let p = members.count
        precondition(p >= 2 && start.count == p && !orders.isEmpty)
        let steps = phase.steps(ranks: p)
        let channelBytes = split(bytes, into: orders.count)
        func chunkCount(_ segment: Int64) -> Int { max(1, Int((segment + chunkBytes - 1) / chunkBytes)) }
        // Per channel, p transfers a step per chunk, each after one message (the stream's window is no edge); then
        // a join per member of its last send and receive on every channel.
        let transfers = channelBytes.reduce(0) { $0 + steps * p * chunkCount(split($1, into: p)[0]) }
        reserve(operations: transfers + p, edges: transfers + 2 * orders.count * p)
        var finals = [[OpID]](repeating: [], count: p)
        for (h, channelBytes) in channelBytes.enumerated() {
            let order = orders[h]
            precondition(order.count == p, "a ring visits every member once")
            let segments = split(channelBytes, into: p)
            let chunkCount = chunkCount(segments[0])
            let chunks = segments.map { split($0, into: chunkCount) }
            var previous = [[OpID]](repeating: [], count: p) // previous step's sends, per position and chunk
            var current = [[OpID]](repeating: [], count: p)
            var last = [OpID?](repeating: nil, count: p) // each position's latest send: the stream
            for j in 0..<steps {
                for i in 0..<p {
                    current[i].removeAll(keepingCapacity: true)
                    let segment = ((i - j) % p + p) % p
                    for c in 0..<chunkCount {
                        var after: [OpID] = []
                        if j > 0 {
                            after.append(previous[(i - 1 + p) % p][c])
                        } else if c == 0, let gate = start[order[i]] {
                            after.append(gate)
                        }
                        let op = transfer(
                            from: members[order[i]], to: members[order[(i + 1) % p]],
                            bytes: chunks[segment][c], after: after, stream: last[i])
                        current[i].append(op)
                        last[i] = op
                    }
                }
                swap(&previous, &current)
            }
            for i in 0..<p {
                finals[order[i]].append(last[i]!)
                finals[order[i]].append(last[(i - 1 + p) % p]!)
            }
        }
        return (0..<p).map { combine(finals[$0], gpu: members[$0])! }
    }

    /// A pipelined chain from `root` along each channel's ring: every member forwards each chunk to the next as
    /// soon as it has it. Channel h carries its share of `bytes`.
    public mutating func chainBroadcast(
        members: [Int], orders: [[Int]], root: Int, bytes: Int64, chunkBytes: Int64, start: [OpID?]
    ) -> [OpID] {
        let p = members.count
        precondition(p >= 2 && start.count == p && root >= 0 && root < p)
        var finals = [[OpID]](repeating: [], count: p)
        for (h, channelBytes) in split(bytes, into: orders.count).enumerated() {
            let base = orders[h]
            let shift = base.firstIndex(of: root)!
            let order = (0..<p).map { base[($0 + shift) % p] }
            let chunkCount = max(1, Int((channelBytes + chunkBytes - 1) / chunkBytes))
            let chunks = split(channelBytes, into: chunkCount)
            var received = [OpID](repeating: -1, count: chunkCount) // the previous hop's send of each chunk
            for k in 0..<(p - 1) {
                var last: OpID?
                for c in 0..<chunkCount {
                    var after: [OpID] = []
                    if k > 0 {
                        after.append(received[c])
                    } else if c == 0, let gate = start[order[0]] {
                        after.append(gate)
                    }
                    if k > 0, c == 0, let gate = start[order[k]] { after.append(gate) }
                    let op = transfer(
                        from: members[order[k]], to: members[order[k + 1]], bytes: chunks[c], after: after, stream: last
                    )
                    received[c] = op
                    last = op
                }
                finals[order[k]].append(last!)
                finals[order[k + 1]].append(last!)
            }
        }
        return (0..<p).map { combine(finals[$0], gpu: members[$0])! }
    }

    /// NCCL-style ring orders: members grouped by server (in their order), and channel h entering every server
    /// at its (h mod n)-th member and leaving by the one before it, so that with one channel per NIC every NIC
    /// of a server carries one ring's traffic into the server and one out of it.
    public func ringOrders(members: [Int], channels: Int) -> [[Int]] {
        var groups: [[Int]] = []
        var groupOf: [Int32: Int] = [:]
        for (position, gpu) in members.enumerated() {
            let server = layout.server[gpu]
            if let g = groupOf[server] {
                groups[g].append(position)
            } else {
                groupOf[server] = groups.count
                groups.append([position])
            }
        }
        return (0..<channels).map { h in
            groups.flatMap { group in (0..<group.count).map { group[($0 + h) % group.count] } }
        }
    }

    /// The default channel count of a flat ring: the NICs the members of the first server use.
    public func defaultChannels(members: [Int]) -> Int {
        guard let first = members.first else { return 1 }
        let server = layout.server[first]
        return max(1, Set(members.filter { layout.server[$0] == server }.map { layout.host[$0] }).count)
    }
}
