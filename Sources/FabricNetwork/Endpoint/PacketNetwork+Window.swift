import FabricKernel
import FabricTopology
import FabricTransport

// A flow's window (`Flow.window`, set by a window-based congestion controller): the payload bytes it has sent and
// that are not yet cumulatively acknowledged may not exceed it, as a NIC's queue pair counts them (the sequence it
// sent up to, less the ACK's). A flow its window holds back leaves its NIC's round robin (`nextDataPacket`) and
// rejoins it when an ACK, or its controller, opens the window: a blocked flow costs its NIC nothing while it waits,
// and the ACK is what wakes the sender. Without a window (nil, every controller but the window-based ones) none of
// this runs beyond one test of the optional.

extension PacketNetwork {
    /// Whether flow `f` may send its next packet within `window`: the packet fits beside what is in flight, or
    /// nothing is in flight (so that a window below one packet still lets one packet go at a time).
    @inline(__always)
    func windowAllows(_ f: Int, _ window: ByteCount) -> Bool {
        if countsAnswers {
            let unanswered = Int64(flows[f].unanswered)
            return unanswered == 0 || (unanswered + 1) * Int64(config.mtu) <= window.bytes
        }
        let next = Int64(flows[f].nextToSend)
        let acknowledged = Int64(flows[f].acknowledged)
        guard next > acknowledged else { return true }
        let mtu = Int64(config.mtu)
        let end = min((next + 1) * mtu, flows[f].size)
        return end - acknowledged * mtu <= window.bytes
    }

    /// Flow `f`'s window may have opened (an ACK was counted, or its controller raised the window): a flow it was
    /// holding back rejoins its NIC's round robin, and the NIC's port sends if it is idle.
    @inline(__always)
    mutating func reopenWindow(flow f: Int, _ scheduler: inout Scheduler) {
        guard let window = flows[f].window else { return }
        rejoin(flow: f, window: window, &scheduler)
    }

    private mutating func rejoin(flow f: Int, window: ByteCount, _ scheduler: inout Scheduler) {
        guard !flows[f].active, flows[f].started, flows[f].finish == nil, flows[f].nextToSend < flows[f].packets,
            windowAllows(f, window)
        else { return }
        activate(f)
        tryTransmit(port: topology.uplink(ofHost: Int(flows[f].source)).index, &scheduler)
    }
}
