/// Receiver credits' state (the rules: PacketNetwork+ReceiverCredits.swift). Per flow slot: the limit its receiver
/// has granted (packets of new data it may send in all), the limit its sender has heard of, the packets its receiver
/// holds, its budget and whether its receiver knows of it yet, and its place in its receiver's round robin of flows still wanting credit. Per
/// receiving host: the credit granted and not yet received in order, the budget, and the round robin. Flat arrays,
/// indexed by slot and by host; a flow allocates nothing once they have grown.
struct ReceiverCredits: Sendable {
    static let none = UInt32.max

    /// By slot.
    var granted: [UInt32] = []
    var allowed: [UInt32] = []
    var joined: [Bool] = []
    /// Packets of new data the receiver holds: the accepted ones, in whatever order they came.
    var received: [UInt32] = []
    /// Packets of budget the flow's path asks for (a BDP of its receiver's link over its base round trip).
    var budget: [Int64] = []
    var next: [UInt32] = []
    var previous: [UInt32] = []
    var waiting: [Bool] = []

    /// By receiving host.
    var outstanding: [Int64]
    var hostBudget: [Int64]
    var cursor: [UInt32]
    var waitingCount: [Int]

    init(hosts: Int) {
        outstanding = Array(repeating: 0, count: hosts)
        hostBudget = Array(repeating: 0, count: hosts)
        cursor = Array(repeating: Self.none, count: hosts)
        waitingCount = Array(repeating: 0, count: hosts)
    }

    /// A flow takes slot `slot` with an unsolicited window of `unsolicited` packets and a budget of `budget`.
    mutating func flowStarted(slot: Int, unsolicited: UInt32, budget packets: Int64) {
        if slot == granted.count {
            granted.append(unsolicited)
            allowed.append(unsolicited)
            joined.append(false)
            received.append(0)
            budget.append(packets)
            next.append(Self.none)
            previous.append(Self.none)
            waiting.append(false)
        } else {
            granted[slot] = unsolicited
            allowed[slot] = unsolicited
            joined[slot] = false
            received[slot] = 0
            budget[slot] = packets
            waiting[slot] = false
        }
    }

    /// Puts the flow in slot `slot` at the end of host `host`'s round robin.
    mutating func enqueue(_ slot: Int, host: Int) {
        guard !waiting[slot] else { return }
        waiting[slot] = true
        let s = UInt32(slot)
        if waitingCount[host] == 0 {
            next[slot] = s
            previous[slot] = s
            cursor[host] = s
        } else {
            let head = Int(cursor[host])
            let tail = Int(previous[head])
            next[slot] = UInt32(head)
            previous[slot] = UInt32(tail)
            next[tail] = s
            previous[head] = s
        }
        waitingCount[host] += 1
    }

    /// Takes the flow in slot `slot` out of host `host`'s round robin.
    mutating func dequeue(_ slot: Int, host: Int) {
        guard waiting[slot] else { return }
        waiting[slot] = false
        waitingCount[host] -= 1
        if waitingCount[host] == 0 {
            cursor[host] = Self.none
            return
        }
        let n = next[slot]
        let p = previous[slot]
        next[Int(p)] = n
        previous[Int(n)] = p
        if cursor[host] == UInt32(slot) { cursor[host] = n }
    }
}
