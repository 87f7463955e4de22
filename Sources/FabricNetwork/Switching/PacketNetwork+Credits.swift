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

    /// A packet that arrived through `ingress` has left this node (or was consumed): its blocks go back to the
    /// port at the other end of that cable, arriving after the cable's delay.
    mutating func releaseIngress(_ ingress: Int, trafficClass: Int, bytes: Int64, _ scheduler: inout Scheduler) {
        let returned = blocks(bytes)
        let slot = ingress * classes + trafficClass
        if ingressHeld[slot] >= returned { ingressHeld[slot] -= returned }
        let message = pool.allocate(Packet(
            flow: 0, sequence: 0, bytes: UInt32(returned), payload: 0, source: 0, destination: 0, kind: .credit,
            trafficClass: UInt8(trafficClass), hops: 0, ingress: Packet.noPort,
            arrival: scheduler.now + ports[ingress].delay, tailArrival: .zero, next: PacketPool.none))
        counters.creditMessagesAlive += 1
        let wasEmpty = ports[ingress].creditFlight.isEmpty
        ports[ingress].creditFlight.append(message, in: &pool)
        if wasEmpty {
            scheduler.schedule(NetworkEvent.creditArrive.kind, for: ComponentID(ingress), at: pool[message].arrival)
        }
    }

    /// Credits travelling on port `p`'s cable reach the port at its far end, which may send again.
    mutating func creditArrive(port p: Int, _ scheduler: inout Scheduler) {
        let message = ports[p].creditFlight.removeFirst(in: &pool)
        if !ports[p].creditFlight.isEmpty {
            scheduler.schedule(NetworkEvent.creditArrive.kind, for: ComponentID(p), at: pool[ports[p].creditFlight.head].arrival)
        }
        let sender = topology.ports[p].peer.index
        credits[sender * classes + Int(pool[message].trafficClass)] += Int64(pool[message].bytes)
        pool.free(message)
        counters.creditMessagesAlive -= 1
        if !ports[sender].busy { tryTransmit(port: sender, &scheduler) }
    }
}
