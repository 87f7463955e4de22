import FabricKernel
import FabricTopology
import FabricTransport

// A flow's window (`Flow.window`, set by a window-based congestion controller): while the payload bytes it has sent
// and that are not yet cumulatively acknowledged are below it, the flow may send its next packet, as a NIC's queue
// pair counts them (the sequence it sent up to, less the ACK's). A flow its window holds back leaves its NIC's round robin (`nextDataPacket`) and
// rejoins it when an ACK, or its controller, opens the window: a blocked flow costs its NIC nothing while it waits,
// and the ACK is what wakes the sender. Without a window (nil, every controller but the window-based ones) none of
// this runs beyond one test of the optional.

extension PacketNetwork {
    /// Whether flow `f` may send its next packet within `window`: while the payload bytes in flight are below the
    /// window, so the packet that crosses it still goes and a flow holds up to one packet more than W in flight
    /// (a window below one packet lets one packet go at a time).
    ///
    /// Why this rule and not "only if the whole next packet fits": it is the HPCC authors' NIC (their simulator's
    /// queue pair is window-bound only once `snd_nxt − snd_una ≥ W`; rdma-queue-pair.cc, `IsWinBound`), and it is
    /// how a window counted in packets works (Swift's and NSCC's are: a fractional window lets the next packet go
    /// while fewer packets are in flight than it, as TCP's in-flight < cwnd). Whole-packet fitting rounds every
    /// window down to whole packets, half a packet per flow on average: with four HPCC flows on a 100 Gb/s link, a
    /// few 4 KB packets each, that cost 5 points of the link (90.5 % of the payload rate against 95.3 % at W_AI
    /// 400 Mb/s; two flows at 40 Mb/s, 92.7 % against 94.1 %; measured on the congestion harness, docs/validation.md
    /// 4c). Swift's and NSCC's harness figures stay within 0.01 of Jain and of the link either way.
    @inline(__always)
    func windowAllows(_ f: Int, _ window: ByteCount) -> Bool {
        let inFlight: Int64
        if countsAnswers {
            inFlight = Int64(flows[f].unanswered) * Int64(config.mtu)
        } else {
            inFlight = (Int64(flows[f].nextToSend) - Int64(flows[f].acknowledged)) * Int64(config.mtu)
        }
        return inFlight <= 0 || inFlight < window.bytes
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
