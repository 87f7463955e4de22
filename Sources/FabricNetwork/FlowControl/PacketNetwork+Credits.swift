import FabricKernel
import FabricTopology
import FabricTransport

// InfiniBand credit-based flow control. Each port may send on a class only as many 64-byte blocks as the far
// end has advertised room for; the far end returns blocks as packets leave its buffer, and the returned credits
// travel back over the cable with its propagation delay. The buffer behind each ingress port therefore never
// holds more than its allocation, and no packet is ever dropped for lack of space. The state: Credits.swift.

extension PacketNetwork {
    /// A packet that arrived through `ingress` has left this node (or was consumed or lost). Under credits its
    /// blocks go back to the port at the other end of that cable; under PFC the ingress's occupancy falls and a
    /// paused upstream may be resumed.
    mutating func releaseIngress(_ ingress: Int, trafficClass: Int, bytes: Int64, _ scheduler: inout Scheduler) {
        switch config.flowControl {
        case .credits:
            let returned = credits.release(ingress * classes + trafficClass, bytes: bytes)
            sendLinkControl(.credit, on: ingress, trafficClass: trafficClass, value: UInt32(returned), &scheduler)
        case .pfc:
            releaseLossless(ingress, trafficClass: trafficClass, bytes: bytes, &scheduler)
        case .none:
            break
        }
    }

    /// Credits reach the port that may now send `blocks` more on `trafficClass`.
    mutating func creditsReceived(port sender: Int, trafficClass: Int, blocks: Int64, _ scheduler: inout Scheduler) {
        credits.receive(sender * classes + trafficClass, blocks: blocks)
        if !ports[sender].busy { tryTransmit(port: sender, &scheduler) }
    }
}
