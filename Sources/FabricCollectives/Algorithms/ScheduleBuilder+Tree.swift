/// Double binary tree all-reduce.
extension ScheduleBuilder {
    /// The two-tree all-reduce over `members` (`TwoTreePlan`): each tree carries half of `bytes` in chunks of at
    /// most `chunkBytes` (less for small messages: `TwoTreePlan.chunkBytes`), reduced up both trees and then
    /// broadcast down them. Every message waits for the data it
    /// carries to have arrived, and for its sender's previous message and its receiver's previous one to have left
    /// their NICs: a rank's cable carries one message at a time each way, so on an idle fabric every message
    /// crosses at its α–β cost (docs/collectives.md, "Double binary tree").
    public mutating func doubleBinaryTree(members: [Int], bytes: Int64, chunkBytes: Int64, start: [OpID?]) -> [OpID] {
        let p = members.count
        precondition(p >= 2 && start.count == p)
        let plan = TwoTreePlan(count: p)
        let halves = split(bytes, into: 2)
        let chunkBytes = plan.chunkBytes(perTree: halves[0], requested: chunkBytes)
        let chunkCounts = halves.map { max(1, Int(($0 + chunkBytes - 1) / chunkBytes)) }
        let chunkSizes = zip(halves, chunkCounts).map { split($0, into: $1) }
        var ids: [OpID] = []
        var lastSent = [OpID?](repeating: nil, count: p)
        var lastReceived = [OpID?](repeating: nil, count: p)
        func id(_ message: Int32) -> OpID? { message >= 0 ? ids[Int(message)] : nil }
        plan.messages(chunks: chunkCounts) { message in
            var after = message.data.map { ids[Int($0)] }
            if let rank = message.firstDataOf, let gate = start[rank] { after.append(gate) }
            let id = transfer(
                from: members[message.from], to: members[message.to], bytes: chunkSizes[message.tree][message.chunk],
                after: after, stream: id(message.previousSent), receiverStream: id(message.previousReceived))
            ids.append(id)
            lastSent[message.from] = id
            lastReceived[message.to] = id
        }
        return (0..<p).map { combine([lastSent[$0], lastReceived[$0]].compactMap { $0 }, gpu: members[$0])! }
    }
}
