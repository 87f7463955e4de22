import FabricKernel
import FabricTopology
import FabricTransport

// Packet trimming (`NetworkConfig.trimming`, lossy Ethernet only), as NDP introduced it (Handley et al., "Re-architecting
// datacenter networks and stacks for low latency and high performance", SIGCOMM 2017) and Ultra Ethernet 1.0 adopts it:
//
// - a data packet that a switch's egress queue has no room for is not dropped but cut to its headers
//   (`trimmedBytes`, 64) and queued in class 0, which every port serves first: the header overtakes the data queued
//   ahead of it, so its receiver hears of the loss within about one unloaded trip;
// - the receiver answers a trimmed packet with a NACK of that sequence (`PacketKind.trimNack`), ahead of data too;
// - the sender puts that one packet first in its fast-retransmission queue (`RetransmitQueue`): the NIC sends it
//   before new data, and outside the flow's window, since the packet it replaces has left the network. No timeout.
//
// A header is admitted to class 0 by the same dynamic threshold as any packet; one that finds no room is dropped,
// and then only the retransmission timeout recovers it. Docs: docs/network-model.md, "Packet trimming".

extension PacketNetwork {
    /// Data packet `x` found no room in its egress queue at switch `node`: it goes on as its headers, in class 0.
    mutating func trim(_ x: UInt32, at node: NodeID, egress: Int, _ scheduler: inout Scheduler) {
        let cut = Int64(pool[x].bytes) - Int64(config.trimmedBytes)
        pool[x].bytes = UInt32(config.trimmedBytes)
        pool[x].kind = .trimmed
        pool[x].trafficClass = 0
        counters.packetsTrimmed += 1
        counters.bytesTrimmed += max(cut, 0)
        ports[egress].trims += 1
        let bytes = Int64(pool[x].bytes)
        let q = egress * classes
        guard buffer.admits(bytes, queueBytes: queues[q].bytes, at: node.index) else {
            drop(x, at: egress, ingress: nil, reason: .bufferFull, &scheduler)
            return
        }
        enqueue(x, bytes: bytes, at: node, queue: q, egress: egress, &scheduler)
    }

    /// Flow `f`'s sender hears that its packet `nack.sequence` was trimmed: that packet is resent first, at once.
    mutating func trimNacked(flow f: Int, _ nack: Packet, _ scheduler: inout Scheduler) {
        guard flows[f].finish == nil, nack.sequence >= flows[f].acknowledged else { return }
        // The network said what became of the packet: no reason to time out.
        flows[f].lastProgress = scheduler.now
        congestionTrimmed(flow: f, nack, &scheduler)
        retransmits.append(f, nack.sequence)
        activate(f)
        tryTransmit(port: topology.uplink(ofHost: Int(flows[f].source)).index, &scheduler)
    }

    /// The packet flow `f` owes a fast retransmission of first, if any; those already acknowledged (by a
    /// retransmission the timeout sent) are forgotten on the way.
    @inline(__always)
    mutating func nextRetransmission(_ f: Int) -> UInt32? {
        while !retransmits.isEmpty(f) {
            let sequence = retransmits.first(f)
            if sequence >= flows[f].acknowledged, sequence < flows[f].packets { return sequence }
            retransmits.removeFirst(f)
        }
        return nil
    }
}
