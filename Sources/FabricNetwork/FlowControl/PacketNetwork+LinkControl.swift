import FabricKernel
import FabricTopology
import FabricTransport

// Link-level control messages — InfiniBand credit updates and PFC pause frames — travel on a cable to the port at
// its far end, one propagation delay later. They are modelled as messages beside the data (not queued behind it,
// not serialised): both are small and sent with priority by real hardware.

extension PacketNetwork {
    /// Sends a control message on port `port`'s cable; it concerns the port at the far end (`peer`).
    mutating func sendLinkControl(
        _ kind: PacketKind, on port: Int, trafficClass: Int, value: UInt32, _ scheduler: inout Scheduler
    ) {
        let message = pool.allocate(
            Packet(
                flow: 0, sequence: value, bytes: kind == .credit ? value : 0, payload: 0, source: 0, destination: 0,
                kind: kind, trafficClass: UInt8(trafficClass), hops: 0, ingress: Packet.noPort,
                arrival: scheduler.now + ports[port].delay, tailArrival: .zero, next: PacketPool.none))
        controlMessagesAlive += 1
        let wasEmpty = ports[port].controlFlight.isEmpty
        ports[port].controlFlight.append(message, in: &pool)
        if wasEmpty {
            scheduler.schedule(NetworkEvent.controlArrive.kind, for: .port(port), at: pool[message].arrival)
        }
    }

    /// The control message at the head of port `p`'s cable reaches the port at its far end.
    mutating func controlArrive(port p: Int, _ scheduler: inout Scheduler) {
        let message = ports[p].controlFlight.removeFirst(in: &pool)
        if !ports[p].controlFlight.isEmpty {
            scheduler.schedule(
                NetworkEvent.controlArrive.kind, for: .port(p), at: pool[ports[p].controlFlight.head].arrival)
        }
        let target = topology.ports[p].peer.index
        let packet = pool[message]
        pool.free(message)
        controlMessagesAlive -= 1
        switch packet.kind {
        case .credit:
            creditsReceived(
                port: target, trafficClass: Int(packet.trafficClass), blocks: Int64(packet.sequence), &scheduler)
        case .pause:
            pauseReceived(port: target, trafficClass: Int(packet.trafficClass), quanta: packet.sequence, &scheduler)
        default: preconditionFailure("not a link-control message")
        }
    }
}
