import FabricKernel
import FabricTopology
import FabricTransport

// Receiver credits (`NetworkConfig.receiverCredits`), after Ultra Ethernet's receiver-credit congestion control:
//
// - a flow starts with an unsolicited window of a few packets of new data; beyond it, its sender may send new data
//   only up to the limit its receiver has granted (`PacketKind.grant`, a cumulative count of packets), and a flow
//   at its limit waits out of its NIC's round robin until a grant arrives;
// - a receiver learns of a flow from its first packet, and from then counts, over all of its flows, the credit
//   granted and not yet received (the unsolicited window included; a packet received out of order counts as
//   received, a trimmed one not until its retransmission arrives) against its budget: a BDP of its link over the
//   longest base round trip of its flows, plus one grant;
// - every data packet (or trimmed header) that reaches it may free room: while the budget has room for a grant,
//   the receiver grants the next flow in its round robin of flows still wanting credit one grant's worth.
//
// So the senders of an incast together keep about a BDP in flight toward their receiver, however many they are.
// Retransmissions (a timeout's, a trim's) need no credit: they replace packets that left the network. A lost grant
// is made good by the next one, which is cumulative; the last one lost stalls its flow (grants ride class 0, ahead
// of data, so with room for headers this does not happen). The state: ReceiverCredits.swift.

extension PacketNetwork {
    /// Flow `f` takes its slot: its unsolicited window, and the budget its path asks of its receiver.
    mutating func grantsFlowStarted(_ f: Int) {
        guard let c = config.receiverCredits else { return }
        let packets = flows[f].packets
        let receiver = Int(flows[f].destination)
        let downlink = topology.ports[topology.uplink(ofHost: receiver).index].peer.index
        let wire = Double(config.wireBytes(payload: config.mtu))
        let bdp = Double(ports[downlink].rate.bitsPerSecond) / 8 * baseRoundTrip(f).seconds / wire
        let budget = Int64((c.budget * bdp).rounded(.up)) + Int64(c.grantPackets)
        grants.flowStarted(
            slot: f, unsolicited: min(UInt32(c.unsolicitedPackets), packets), budget: budget)
    }

    /// The sender of flow `f` may send new data only within what its receiver granted.
    @inline(__always)
    func creditAllows(_ f: Int) -> Bool { flows[f].nextToSend < grants.allowed[f] }

    /// A data packet of flow `f`, whole or trimmed, reached its receiver, which `accepted` it as new or not: the
    /// receiver counts it against the credit outstanding and grants what room it freed.
    mutating func grantsArrived(flow f: Int, accepted: Bool, _ scheduler: inout Scheduler) {
        let r = Int(flows[f].destination)
        if !grants.joined[f] {
            grants.joined[f] = true
            grants.outstanding[r] += Int64(grants.granted[f]) - Int64(grants.received[f])
            grants.hostBudget[r] = max(grants.hostBudget[r], grants.budget[f])
            if grants.granted[f] < flows[f].packets { grants.enqueue(f, host: r) }
        }
        if accepted {
            grants.received[f] += 1
            grants.outstanding[r] -= 1
        }
        grant(host: r, &scheduler)
    }

    /// Receiver `r` grants its waiting flows in turn, one grant each, while its budget has room.
    mutating func grant(host r: Int, _ scheduler: inout Scheduler) {
        guard let c = config.receiverCredits else { return }
        let unit = UInt32(c.grantPackets)
        let budget = max(grants.hostBudget[r], Int64(unit))
        while grants.waitingCount[r] > 0, grants.outstanding[r] + Int64(unit) <= budget {
            let f = Int(grants.cursor[r])
            grants.cursor[r] = grants.next[f]
            let give = min(unit, flows[f].packets - grants.granted[f])
            grants.granted[f] += give
            grants.outstanding[r] += Int64(give)
            if grants.granted[f] >= flows[f].packets { grants.dequeue(f, host: r) }
            counters.grantsSent += 1
            sendControl(.grant, flow: f, sequence: grants.granted[f], &scheduler)
        }
    }

    /// Flow `f`'s sender hears it may have sent `limit` packets of new data: a flow its credit held back sends.
    mutating func creditGranted(flow f: Int, limit: UInt32, _ scheduler: inout Scheduler) {
        guard limit > grants.allowed[f] else { return }
        grants.allowed[f] = limit
        guard flows[f].started, flows[f].finish == nil else { return }
        activate(f)
        tryTransmit(port: topology.uplink(ofHost: Int(flows[f].source)).index, &scheduler)
    }
}
