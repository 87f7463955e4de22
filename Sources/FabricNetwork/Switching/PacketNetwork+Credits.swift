import FabricKernel
import FabricTopology

// InfiniBand credit-based flow control. Each port may send on a class only as many 64-byte blocks as the far
// end has advertised room for; the far end returns blocks as packets leave its buffer, and the returned credits
// travel back over the cable with its propagation delay. The buffer behind each ingress port therefore never
// holds more than its allocation, and no packet is ever dropped for lack of space.

extension PacketNetwork {
    /// A packet admitted behind ingress port `ingress` (counted for the bound the credits guarantee).
    mutating func holdIngress(_ ingress: Int, trafficClass: Int, bytes: Int64) {
        let slot = ingress * classes + trafficClass
        ingressHeld[slot] += blocks(bytes)
        if ingressHeld[slot] > peakIngressHeld[slot] { peakIngressHeld[slot] = ingressHeld[slot] }
    }

    /// A packet that arrived through `ingress` has left this node (or was consumed or lost). Under credits its
    /// blocks go back to the port at the other end of that cable; under PFC the ingress's occupancy falls and a
    /// paused upstream may be resumed.
    mutating func releaseIngress(_ ingress: Int, trafficClass: Int, bytes: Int64, _ scheduler: inout Scheduler) {
        switch config.flowControl {
        case .credits:
            let returned = blocks(bytes)
            let slot = ingress * classes + trafficClass
            if ingressHeld[slot] >= returned { ingressHeld[slot] -= returned }
            sendLinkControl(.credit, on: ingress, trafficClass: trafficClass, value: UInt32(returned), &scheduler)
        case .pfc:
            releaseLossless(ingress, trafficClass: trafficClass, bytes: bytes, &scheduler)
        case .none:
            break
        }
    }

    /// Credits reach the port that may now send `blocks` more on `trafficClass`.
    mutating func creditsReceived(port sender: Int, trafficClass: Int, blocks: Int64, _ scheduler: inout Scheduler) {
        credits[sender * classes + trafficClass] += blocks
        if !ports[sender].busy { tryTransmit(port: sender, &scheduler) }
    }
}
