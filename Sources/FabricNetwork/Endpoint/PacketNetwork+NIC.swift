import FabricKernel
import FabricTopology
import FabricTransport

// The sending NIC. Flows with packets to send sit in a round-robin list per host (NICs.swift); whenever the host's
// port is free, the next flow in turn that may send (within its window, paced, and with credits) makes one packet.
// Packets are made when they go on the wire, never queued in advance, so a 1 GB message costs no memory.

extension PacketNetwork {
    mutating func startFlow(_ f: Int, _ scheduler: inout Scheduler) {
        flows[f].started = true
        flows[f].lastProgress = scheduler.now
        activate(f)
        tryTransmit(port: topology.uplink(ofHost: Int(flows[f].source)).index, &scheduler)
    }

    mutating func activate(_ f: Int) { nics.activate(f, in: &flows) }

    mutating func deactivate(_ f: Int) { nics.deactivate(f, in: &flows) }

    /// The next data packet host `host` may put on port `p`, or `PacketPool.none`. Schedules a wake-up when the
    /// only flows with data are waiting for their pacing time.
    mutating func nextDataPacket(host: Int, port p: Int, creditBlocked: inout Bool, _ scheduler: inout Scheduler)
        -> UInt32
    {
        let now = scheduler.now
        var earliest: SimTime?
        var visited = 0
        while nics.hosts[host].activeCount > 0, visited < nics.hosts[host].activeCount {
            let f = Int(nics.hosts[host].cursor)
            // A fast retransmission (trimming) goes first, whatever the window: its packet has left the network.
            let resend = trimming ? nextRetransmission(f) : nil
            if resend == nil {
                if flows[f].nextToSend >= flows[f].packets {
                    deactivate(f)
                    continue
                }
                // Held back by its window: out of the round robin until an ACK opens it (PacketNetwork+Window.swift).
                if let window = flows[f].window, !windowAllows(f, window) {
                    deactivate(f)
                    continue
                }
                // Held back by its receiver's credit: out of the round robin until a grant arrives.
                if receiverGrants, !creditAllows(f) {
                    deactivate(f)
                    continue
                }
            }
            visited += 1
            nics.hosts[host].cursor = flows[f].nextActive
            if flows[f].nextSendTime > now {
                earliest = min(earliest ?? .max, flows[f].nextSendTime)
                continue
            }
            let sequence = resend ?? flows[f].nextToSend
            let payload = Int(min(Int64(config.mtu), flows[f].size - Int64(sequence) * Int64(config.mtu)))
            let wire = config.wireBytes(payload: max(payload, 0))
            let trafficClass = Int(flows[f].trafficClass)
            if pfc.isPaused(p * classes + trafficClass, at: now) { continue }
            if creditMode, !credits.allow(p * classes + trafficClass, bytes: Int64(wire)) {
                creditBlocked = true
                continue
            }
            if resend != nil { retransmits.removeFirst(f) }
            return makeDataPacket(
                flow: f, sequence: sequence, payload: max(payload, 0), wire: wire, port: p, resend: resend != nil,
                &scheduler)
        }
        if let earliest, nics.hosts[host].wakeAt.map({ earliest < $0 }) ?? true {
            nics.hosts[host].wakeAt = earliest
            scheduler.schedule(NetworkEvent.nicWake.kind, for: .host(host), at: earliest)
        }
        return PacketPool.none
    }

    /// Data packet `sequence` of flow `f` goes on the wire at port `p`: the next in order, or (`resend`) a fast
    /// retransmission, which leaves the flow's place in its sequence where it was.
    mutating func makeDataPacket(
        flow f: Int, sequence: UInt32, payload: Int, wire: Int, port p: Int, resend: Bool = false,
        _ scheduler: inout Scheduler
    ) -> UInt32 {
        let now = scheduler.now
        if flows[f].acknowledged == flows[f].nextToSend { flows[f].lastProgress = now }
        if sequence < flows[f].highestSent {
            flows[f].retransmittedPackets += 1
            counters.retransmittedPackets += 1
        } else {
            flows[f].highestSent = sequence + 1
        }
        if !resend { flows[f].nextToSend = sequence + 1 }
        if let rate = flows[f].pacingRate {
            flows[f].nextSendTime = now + rate.serializationTime(of: ByteCount(Int64(wire)))
        }
        if flows[f].nextToSend >= flows[f].packets, !trimming || retransmits.isEmpty(f) { deactivate(f) }
        armTimer(flow: f, &scheduler)
        congestionDataSent(flow: f, port: p, bytes: wire, &scheduler)
        counters.dataPacketsSent += 1
        if countsAnswers { flows[f].unanswered += 1 }
        let x = inject(
            Packet(
                flow: UInt32(f), sequence: sequence, bytes: UInt32(wire), payload: UInt32(payload),
                source: flows[f].source, destination: flows[f].destination, kind: .data,
                trafficClass: flows[f].trafficClass, hops: 0, ingress: Packet.noPort, arrival: now, tailArrival: now,
                next: PacketPool.none, stamp: Packet.stamp(now)))
        if telemetry.isOn { telemetry.clear(x) }
        if sprays { packetEntropies.spray(x, slot: f, base: flows[f].entropy) }
        return x
    }

    /// A new packet of a flow enters the network (counted for conservation, and against the flow's slot).
    mutating func inject(_ packet: Packet) -> UInt32 {
        flows[Int(packet.flow)].outstanding += 1
        counters.packetsInjected += 1
        counters.bytesInjected += Int64(packet.bytes)
        return pool.allocate(packet)
    }

    mutating func nicWake(host: Int, _ scheduler: inout Scheduler) {
        nics.hosts[host].wakeAt = nil
        tryTransmit(port: topology.uplink(ofHost: host).index, &scheduler)
    }
}
