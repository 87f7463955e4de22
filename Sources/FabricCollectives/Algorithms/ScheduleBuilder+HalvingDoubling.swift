/// Recursive halving-doubling all-reduce (Rabenseifner's algorithm).
extension ScheduleBuilder {
    /// Reduce-scatter by recursive halving, then all-gather by recursive doubling, over `members`.
    ///
    /// With p' the largest power of two not above p and r = p − p', the first 2r members pair up as MPICH
    /// does (Thakur, Rabenseifner and Gropp 2005): each even one sends its whole buffer to the odd one after it
    /// and sits out; the p' that remain run the power-of-two algorithm; at the end each odd one sends the result
    /// back. In reduce-scatter step k (k = 0 … log₂p' − 1) each member exchanges with the member whose new rank
    /// differs in bit k: it sends the half of its current range it gives up and keeps the other; the all-gather
    /// retraces the steps in reverse, each member sending everything it holds. An exchange starts when both
    /// members have completed the send and the receive of their previous step (a send-receive pair, as
    /// MPI_Sendrecv, into a buffer the partner has posted).
    public mutating func halvingDoubling(members: [Int], bytes: Int64, start: [OpID?]) -> [OpID] {
        let p = members.count
        precondition(p >= 2 && start.count == p)
        var p2 = 1
        while p2 * 2 <= p { p2 *= 2 }
        let extra = p - p2
        var levels = 0
        while 1 << levels < p2 { levels += 1 }
        func position(_ newRank: Int) -> Int { newRank < extra ? 2 * newRank + 1 : newRank + extra }

        var fold = [OpID?](repeating: nil, count: p)
        for i in stride(from: 0, to: 2 * extra, by: 2) {
            fold[i + 1] = transfer(
                from: members[i], to: members[i + 1], bytes: bytes, after: start[i].map { [$0] } ?? [])
        }
        // Per new rank: its latest send, and the latest send it received.
        var sent = [OpID?](repeating: nil, count: p2)
        var received = [OpID?](repeating: nil, count: p2)
        var length = [Int64](repeating: bytes, count: p2)
        var lengths = [[Int64]](repeating: [], count: p2) // before each halving, to retrace them

        func step(_ k: Int, sizes: [Int64]) {
            var sends = [OpID](repeating: -1, count: p2)
            // Both sides of an exchange must be ready: their previous step done (a send into a buffer the
            // receiver has not posted yet would wait for it, as MPI's rendezvous protocol and NCCL's slots do).
            var ready = [[OpID]](repeating: [], count: p2)
            for n in 0..<p2 {
                let me = position(n)
                if let s = sent[n] { ready[n].append(s) }
                if let r = received[n] { ready[n].append(r) }
                if sent[n] == nil {
                    if let gate = start[me] { ready[n].append(gate) }
                    if let f = fold[me] { ready[n].append(f) }
                }
            }
            for n in 0..<p2 {
                let partner = n ^ (1 << k)
                sends[n] = transfer(
                    from: members[position(n)], to: members[position(partner)], bytes: sizes[n],
                    after: ready[n] + ready[partner])
            }
            for n in 0..<p2 {
                sent[n] = sends[n]
                received[n] = sends[n ^ (1 << k)]
            }
        }
        for k in 0..<levels {
            var sizes = [Int64](repeating: 0, count: p2)
            for n in 0..<p2 {
                lengths[n].append(length[n])
                let lower = length[n] / 2
                let upper = length[n] - lower
                let keepsLower = n & (1 << k) == 0
                sizes[n] = keepsLower ? upper : lower
                length[n] = keepsLower ? lower : upper
            }
            step(k, sizes: sizes)
        }
        for k in (0..<levels).reversed() {
            let sizes = length
            step(k, sizes: sizes)
            for n in 0..<p2 { length[n] = lengths[n].removeLast() }
        }
        var finals = [[OpID]](repeating: [], count: p)
        for n in 0..<p2 {
            let me = position(n)
            finals[me] = [sent[n]!, received[n]!]
            if me < 2 * extra {
                let back = transfer(
                    from: members[me], to: members[me - 1], bytes: bytes, after: [sent[n]!, received[n]!])
                finals[me].append(back)
                finals[me - 1] = [back]
            }
        }
        return (0..<p).map { combine(finals[$0], gpu: members[$0])! }
    }
}
