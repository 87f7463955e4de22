import FabricKernel
import FabricTransport

/// The sending NICs, one per host: a round robin of the flows that have packets to send, linked through the
/// flows' slots (`Flow.nextActive`, `Flow.previousActive`), and the time of the host's pending pacing wake-up.
/// What a NIC sends and when: PacketNetwork+NIC.swift.
struct NICs: Sendable {
    struct Host: Sendable {
        /// The slot whose turn is next, `PacketPool.none` when no flow is active.
        var cursor: UInt32 = PacketPool.none
        var activeCount = 0
        /// Time of the pending `nicWake` event, if any (pacing).
        var wakeAt: SimTime?
    }

    var hosts: [Host]

    init(hosts count: Int) {
        hosts = Array(repeating: Host(), count: count)
    }

    /// Puts the flow in slot `f` in its host's round robin, its turn after every flow already waiting.
    mutating func activate(_ f: Int, in flows: inout [Flow]) {
        guard !flows[f].active else { return }
        let host = Int(flows[f].source)
        flows[f].active = true
        let index = UInt32(f)
        if hosts[host].activeCount == 0 {
            flows[f].nextActive = index
            flows[f].previousActive = index
            hosts[host].cursor = index
        } else {
            // Insert just before the cursor: the new flow's turn comes after every flow already waiting.
            let cursor = Int(hosts[host].cursor)
            let previous = Int(flows[cursor].previousActive)
            flows[f].nextActive = UInt32(cursor)
            flows[f].previousActive = UInt32(previous)
            flows[previous].nextActive = index
            flows[cursor].previousActive = index
        }
        hosts[host].activeCount += 1
    }

    /// Takes the flow in slot `f` out of its host's round robin.
    mutating func deactivate(_ f: Int, in flows: inout [Flow]) {
        guard flows[f].active else { return }
        let host = Int(flows[f].source)
        flows[f].active = false
        hosts[host].activeCount -= 1
        if hosts[host].activeCount == 0 {
            hosts[host].cursor = PacketPool.none
            return
        }
        let next = flows[f].nextActive
        let previous = flows[f].previousActive
        flows[Int(previous)].nextActive = next
        flows[Int(next)].previousActive = previous
        if hosts[host].cursor == UInt32(f) { hosts[host].cursor = next }
    }
}
