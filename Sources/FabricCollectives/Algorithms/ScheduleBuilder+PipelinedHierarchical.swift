/// Pipelined hierarchical all-reduce: the NVLink reduce-scatter, the per-rail ring and the NVLink all-gather of
/// successive chunks overlap (docs/collectives.md, "Pipelined hierarchical").
extension ScheduleBuilder {
    /// Over S servers of G GPUs: GPU r of every server (rail r) runs a ring all-reduce of part r (1/G of the
    /// buffer) through its NIC, cut as the ring is — S segments, each in C chunks of at most `chunkBytes` — and
    /// NVLink feeds that ring and drains it while it runs instead of before and after it.
    ///
    /// The server at ring position i needs its own sum of the chunks of its rail's part in the order its ring
    /// sends them (segment i, i − 1, …, i + 1, chunk by chunk); the rail GPU holds each chunk final in the order
    /// the all-gather half of the ring brings them (segment i + 1, summed at step S − 2, then i, i − 1, …).
    /// Both sequences of S·C chunks are cut into *slices* of Q consecutive chunks: the fewest that make an NVLink
    /// message of a slice at least `chunkBytes` (all of them if the buffer is smaller), Q dividing S·C so that
    /// every slice is alike (`slicing`). Inside each server a slice is reduced by a ring of its G GPUs over NVLink
    /// (G − 1 steps; rail GPU r ends with the server's sum of its rail's pieces), and a ring message of step
    /// j ≤ S − 1 waits, besides the ring's own data and stream, for the slice that holds its chunk; once all chunks
    /// of a final slice are at the rail GPUs, an NVLink ring all-gathers it. Over NVLink, slices go in blocks of
    /// two, step by step, as a ring's two chunks a step do, so that an idle NVLink never waits for a step's data.
    /// Each GPU's reduce-scatter sends form one stream, its all-gather sends another, each rail position's ring
    /// sends a third.
    ///
    /// On an idle fabric whose NVLink keeps ahead of the NIC (a slice's G − 1 NVLink steps take no longer than
    /// its chunks over the NIC), the ring runs as it would alone, started one slice's reduce-scatter late and
    /// followed by one slice's all-gather (`CollectiveCostModel.pipelinedHierarchical`). With one server there is no ring to
    /// overlap with, and this is the sequential `hierarchicalAllReduce`.
    ///
    /// Members are grouped by server; every server must contribute the same number of GPUs. `start[i]` gates
    /// member i's first NVLink send, its first ring send and its first all-gather send (its own data).
    public mutating func pipelinedHierarchicalAllReduce(
        members: [Int], bytes: Int64, chunkBytes: Int64, start: [OpID?]
    ) -> [OpID] {
        let groups = serverGroups(members)
        let g = groups[0].count
        let s = groups.count
        precondition(
            groups.allSatisfy { $0.count == g }, "hierarchical all-reduce needs the same number of GPUs on every server"
        )
        if s == 1 {
            return hierarchicalAllReduce(
                members: members, bytes: bytes, chunkBytes: chunkBytes, interServer: .ring, channels: 1, start: start)
        }
        if g == 1 {
            return ring(
                .allReduce, members: members, orders: [groups.map { $0[0] }], bytes: bytes, chunkBytes: chunkBytes,
                start: start)
        }
        // Piece sizes: part r of the buffer, its segment X, its chunk c. Every rail uses the chunk count of the
        // largest segment, so that chunks line up across rails.
        let parts = split(bytes, into: g)
        let segmentsOf = parts.map { split($0, into: s) }
        let plan = Self.slicing(largestSegment: segmentsOf[0][0], servers: s, chunkBytes: chunkBytes)
        let chunkCount = plan.chunks
        let q = plan.chunksPerSlice
        let pieces = segmentsOf.map { $0.map { split($0, into: chunkCount) } } // [rail][segment][chunk]
        let total = s * chunkCount // chunks of a rail's part, in either order
        let slices = total / q
        let steps = 2 * (s - 1)
        // Position i's k-th segment in the ring's order of sends: (i − k) mod S.
        func segment(position i: Int, order k: Int) -> Int { ((i - k) % s + s) % s }
        // Position i's z-th final chunk (segment, chunk): segment i + 1 first, then those received at steps S − 1 …
        func final(position i: Int, _ z: Int) -> (segment: Int, chunk: Int) {
            let k = z / chunkCount
            return (k == 0 ? (i + 1) % s : segment(position: i - 1, order: s - 2 + k), z % chunkCount)
        }
        let nvlinkMessages = 2 * s * g * slices * (g - 1)
        let networkMessages = s * g * steps * chunkCount
        reserve(
            operations: nvlinkMessages + networkMessages + members.count,
            edges: nvlinkMessages + 2 * networkMessages + s * g * slices * (q + 1))

        // Reduce-scatter over NVLink, per server a ring of its G GPUs (GPU p sends to p + 1): at step j of a slice,
        // GPU p sends its partial sum of rail (p − j − 1)'s pieces, so that after G − 1 steps rail GPU r holds its
        // own. The slices go in blocks of two in step: step j of both, then step j + 1 of both, so that a step's data
        // is never waited for on an idle NVLink (as a ring's two chunks a step). rsDone[(i·G + r)·slices + v]: the
        // message that completes rail GPU r's sum of slice v at position i.
        var rsDone = [OpID](repeating: -1, count: s * g * slices)
        for (i, group) in groups.enumerated() {
            var last = [OpID?](repeating: nil, count: g)
            var sent = [[OpID]](repeating: [OpID](repeating: -1, count: 2), count: g) // per GPU, per slice of the block
            for block in Self.blocks(slices, fromEnd: false) {
                for j in 0..<(g - 1) {
                    var now = sent
                    for (w, v) in block.enumerated() {
                        for p in 0..<g {
                            let r = ((p - j - 1) % g + g) % g
                            var size: Int64 = 0
                            for y in (v * q)..<((v + 1) * q) {
                                size += pieces[r][segment(position: i, order: y / chunkCount)][y % chunkCount]
                            }
                            var after: [OpID] = []
                            if j > 0 {
                                after.append(sent[(p - 1 + g) % g][w])
                            } else if last[p] == nil, let gate = start[group[p]] {
                                after.append(gate)
                            }
                            let op = transfer(
                                from: members[group[p]], to: members[group[(p + 1) % g]], bytes: size, after: after,
                                stream: last[p])
                            last[p] = op
                            now[p][w] = op
                            if j == g - 2 { rsDone[(i * g + (p + 1) % g) * slices + v] = op }
                        }
                    }
                    sent = now
                }
            }
        }
        func reduced(_ i: Int, _ r: Int, chunk y: Int) -> OpID { rsDone[(i * g + r) * slices + y / q] }

        // The ring of each rail across servers. ringSend[sendIndex(r, i, j, c)]: position i's send of chunk c at step
        // j, to position i + 1.
        var ringSend = [OpID](repeating: -1, count: g * s * steps * chunkCount)
        func sendIndex(_ r: Int, _ i: Int, _ j: Int, _ c: Int) -> Int { ((r * s + i) * steps + j) * chunkCount + c }
        var ringLast = [OpID?](repeating: nil, count: g * s)
        for j in 0..<steps {
            for r in 0..<g {
                for i in 0..<s {
                    let x = segment(position: i, order: j)
                    for c in 0..<chunkCount {
                        var after: [OpID] = []
                        if j > 0 {
                            after.append(ringSend[sendIndex(r, (i - 1 + s) % s, j - 1, c)])
                        } else if c == 0, let gate = start[groups[i][r]] {
                            after.append(gate)
                        }
                        // Steps 0 … S − 1 add the server's own sum of the chunk (step S − 1 sends the segment it
                        // completed with it).
                        if j < s { after.append(reduced(i, r, chunk: j * chunkCount + c)) }
                        let op = transfer(
                            from: members[groups[i][r]], to: members[groups[(i + 1) % s][r]],
                            bytes: pieces[r][x][c], after: after, stream: ringLast[r * s + i])
                        ringSend[sendIndex(r, i, j, c)] = op
                        ringLast[r * s + i] = op
                    }
                }
            }
        }

        // All-gather over NVLink, per server a ring again: at step j of a slice GPU p sends rail (p − j)'s final
        // pieces to p + 1 — its own at step 0, once the slice's chunks have arrived (and, for segment i + 1, been
        // summed), then what it received. Blocks of two in step, counted from the end so that the last is whole.
        var finals = [OpID](repeating: -1, count: members.count)
        for (i, group) in groups.enumerated() {
            let previous = (i - 1 + s) % s
            var last = [OpID?](repeating: nil, count: g)
            var sent = [[OpID]](repeating: [OpID](repeating: -1, count: 2), count: g)
            for block in Self.blocks(slices, fromEnd: true) {
                for j in 0..<(g - 1) {
                    var now = sent
                    for (w, v) in block.enumerated() {
                        for p in 0..<g {
                            let r = ((p - j) % g + g) % g
                            var size: Int64 = 0
                            var after: [OpID] = []
                            for z in (v * q)..<((v + 1) * q) {
                                let (x, c) = final(position: i, z)
                                size += pieces[r][x][c]
                                guard j == 0 else { continue }
                                let k = z / chunkCount
                                after.append(ringSend[sendIndex(r, previous, s - 2 + k, c)])
                                if k == 0 { after.append(reduced(i, r, chunk: (s - 1) * chunkCount + c)) }
                            }
                            if j > 0 {
                                after.append(sent[(p - 1 + g) % g][w])
                            } else if last[p] == nil, let gate = start[group[p]] {
                                after.append(gate)
                            }
                            let op = transfer(
                                from: members[group[p]], to: members[group[(p + 1) % g]], bytes: size, after: after,
                                stream: last[p])
                            last[p] = op
                            now[p][w] = op
                        }
                    }
                    sent = now
                }
            }
            // Each member is done when its last all-gather send and receive and its ring's last have completed.
            for (r, position) in group.enumerated() {
                finals[position] = combine(
                    [last[r]!, last[(r - 1 + g) % g]!, ringLast[r * s + i]!, ringLast[r * s + previous]!],
                    gpu: members[position])!
            }
        }
        return finals
    }

    /// Slices 0 ..< n in blocks of two (the last, or with `fromEnd` the first, alone when n is odd).
    static func blocks(_ n: Int, fromEnd: Bool) -> [[Int]] {
        var blocks: [[Int]] = []
        var v = 0
        if fromEnd && n % 2 == 1 {
            blocks.append([0])
            v = 1
        }
        while v < n {
            blocks.append(v + 1 < n ? [v, v + 1] : [v])
            v += 2
        }
        return blocks
    }

    /// How the pipelined hierarchical all-reduce cuts a rail's part: C chunks per ring segment (of at most
    /// `chunkBytes`, as the ring cuts it), and Q chunks per slice — the least divisor of S·C for which Q chunks
    /// reach `chunkBytes`, so that an NVLink message is not much smaller than a chunk (a slice pays the NVLink
    /// latency at each of its G − 1 steps, which only a message of a chunk or more hides; docs/collectives.md).
    public static func slicing(largestSegment segment: Int64, servers s: Int, chunkBytes: Int64)
        -> (chunks: Int, chunksPerSlice: Int)
    {
        let chunks = max(1, Int((segment + chunkBytes - 1) / chunkBytes))
        let chunk = segment / Int64(chunks)
        let total = s * chunks
        var q = 1
        while q < total && (total % q != 0 || Int64(q) * chunk < chunkBytes) { q += 1 }
        return (chunks, q)
    }
}
