/// Receiver-driven admission (`ConnectionConfig.admission`, as Meta's training fabrics run it in the collective
/// library): at most `limit` messages in flight into each receiving host's NIC. A message that finds a place
/// free starts at once — its receiver granted the place ahead, when it freed — and one that finds none waits,
/// first come first served, for a delivery into that host: the place then passes to it with a grant, and it
/// starts when the grant has reached its sender (`ScheduleExecutor.Kind.granted`).
///
/// The waiting lists grow to the most messages waiting at once and keep their capacity: admitting and releasing
/// allocate nothing once they have.
struct ReceiverAdmission: Sendable {
    let limit: Int32
    /// Per host: messages admitted and not yet delivered.
    private var admitted: [Int32]
    /// Per host: operations waiting for a place, oldest at `head[host]`.
    private var waiting: [[Int32]]
    private var head: [Int]

    init(limit: Int, hosts: Int) {
        self.limit = Int32(limit)
        admitted = Array(repeating: 0, count: hosts)
        waiting = Array(repeating: [], count: hosts)
        head = Array(repeating: 0, count: hosts)
    }

    /// Whether message `op` into `host` may start now; if not, it waits for a place.
    mutating func admit(_ op: Int32, into host: Int) -> Bool {
        if admitted[host] < limit {
            admitted[host] += 1
            return true
        }
        waiting[host].append(op)
        return false
    }

    /// A message into `host` was delivered: the message its place passes to, or nil when none waits.
    mutating func release(host: Int) -> Int32? {
        guard head[host] < waiting[host].count else {
            admitted[host] -= 1
            return nil
        }
        let next = waiting[host][head[host]]
        head[host] += 1
        if head[host] == waiting[host].count {
            waiting[host].removeAll(keepingCapacity: true)
            head[host] = 0
        }
        return next
    }
}
