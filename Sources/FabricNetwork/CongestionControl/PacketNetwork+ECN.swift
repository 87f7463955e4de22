import FabricKernel
import FabricTopology
import FabricTransport

extension PacketNetwork {
    /// ECN at egress: a data packet leaving a switch queue of `queueBytes` is marked with the RED probability.
    /// Marking as the packet leaves (rather than as it joins) puts the congestion signal in the packet that
    /// reaches the receiver first, so it does not wait out the queue it reports. NICs do not mark.
    mutating func markCongestion(_ x: UInt32, port: Int, queueBytes: Int64) {
        guard topology.hostIndex[topology.ports[port].node.index] < 0, ecn.marks(queueBytes: queueBytes) else { return }
        pool[x].ecn = true
        ports[port].ecnMarks += 1
        counters.ecnMarks += 1
    }
}
