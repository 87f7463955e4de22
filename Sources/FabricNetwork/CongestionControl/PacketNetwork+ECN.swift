import FabricKernel
import FabricTopology
import FabricTransport

extension PacketNetwork {
    /// ECN at egress: a data packet leaving a switch queue of `queueBytes` is marked with the RED probability of
    /// its port's curve. Marking as the packet leaves (rather than as it joins) puts the congestion signal in the
    /// packet that reaches the receiver first, so it does not wait out the queue it reports. NICs do not mark (their
    /// ports' curves never do).
    mutating func markCongestion(_ x: UInt32, port: Int, queueBytes: Int64) {
        guard ecn.marks(port: port, queueBytes: queueBytes) else { return }
        pool[x].ecn = true
        ports[port].ecnMarks += 1
        counters.ecnMarks += 1
    }

    /// The RED curve each port marks with (a host's never marks), or nil without ECN.
    public var ecnThresholds: [ECNThresholds]? { ecn.isOn ? ecn.curves : nil }
}
