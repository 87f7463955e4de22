import FabricKernel
import FabricTopology
import FabricTransport

// In-band network telemetry (InBandTelemetry), when the controller in force asks for it. The rules:
// - a data packet starts with no records when its NIC makes it (`makeDataPacket`);
// - it gets one at each switch egress, as it leaves the queue (`tryTransmit`, beside ECN marking): the port, its
//   queue then (every class, the packet itself no longer counted), the bytes it had sent before the packet, the
//   time and the port's rate — HPCC's four fields, stamped where and when the authors' switches stamp them
//   (switch-node.cc, SwitchNotifyDequeue). Hosts write nothing;
// - the receiver echoes the data packet's records in its answer (ACK or NACK, `sendControl`): its trace is taken
//   when the packet reaches the host, before the pool frees its index for the answer to reuse (`receive`);
// - the sender's controller reads the ACK's records in `acknowledged(_:telemetry:_:_:)`.
// Off, each of these is one test of a flag the network read when it was built.

extension PacketNetwork {
    /// A data packet leaving a switch's egress port `p` gets its hop record.
    @inline(__always)
    mutating func stampTelemetry(_ x: UInt32, port p: Int, now: SimTime) {
        guard topology.hostIndex[topology.ports[p].node.index] < 0 else { return }
        telemetry.stamp(
            x,
            HopRecord(
                port: Int32(p), queueBytes: ports[p].queuedBytes, transmittedBytes: ports[p].bytesSent, time: now,
                rate: ports[p].rate))
    }

    /// The hop records of the packet at pool index `x` (for tests and diagnostics; empty unless the controller in
    /// force asks for telemetry).
    func hopTrace(ofPacket x: UInt32) -> HopTrace { telemetry.trace(x) }
}
