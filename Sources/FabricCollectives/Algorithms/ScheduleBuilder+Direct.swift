/// All-to-all by direct sends.
extension ScheduleBuilder {
    /// Every member sends the piece of its `bytes` meant for each other member, all at once (as NCCL's
    /// grouped send/receive does); member i addresses i + 1, i + 2, … in that order, so that NVLink bookings
    /// and NIC round-robins start spread over the receivers. A member finishes when all its sends and receives
    /// have completed.
    public mutating func allToAll(members: [Int], bytes: Int64, start: [OpID?]) -> [OpID] {
        let p = members.count
        precondition(p >= 2 && start.count == p)
        let pieces = split(bytes, into: p)
        var finals = [[OpID]](repeating: [], count: p)
        for i in 0..<p {
            let after = start[i].map { [$0] } ?? []
            for d in 1..<p {
                let j = (i + d) % p
                let op = transfer(from: members[i], to: members[j], bytes: pieces[j], after: after)
                finals[i].append(op)
                finals[j].append(op)
            }
        }
        return (0..<p).map { combine(finals[$0], gpu: members[$0])! }
    }
}
