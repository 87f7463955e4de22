import FabricKernel
import Testing

@testable import FabricNetwork

/// The send-time stamp a data packet carries and its acknowledgement echoes (`Packet.stamp`): what delay-based
/// controllers measure the round trip with.
@Suite("Network: the packet's send-time stamp")
struct PacketStampTests {
    @Test("the stamp fills the packet's padding: a packet stays 56 bytes")
    func packetStaysSmall() {
        #expect(MemoryLayout<Packet>.stride == 56)
    }

    @Test("a round trip reads back to the nanosecond, across the stamp's wrap at 2³² ns")
    func roundTripAcrossWrap() {
        let sent = SimTime.nanoseconds(Int64(UInt32.max) - 500)
        var ack = Packet(
            flow: 0, sequence: 0, bytes: 84, payload: 0, source: 1, destination: 0, kind: .ack, trafficClass: 0,
            hops: 0, ingress: Packet.noPort, arrival: .zero, tailArrival: .zero, next: PacketPool.none)
        ack.stamp = Packet.stamp(sent)
        #expect(ack.roundTrip(now: sent + .microseconds(3)) == .microseconds(3))
        // Sub-nanosecond parts of the clock are dropped at both ends, never more than a nanosecond in all.
        let late = sent + .picoseconds(2_000_999)
        #expect(ack.roundTrip(now: late) == .nanoseconds(2_000))
    }
}
