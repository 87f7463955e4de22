import FabricKernel
import FabricTopology
import FabricTransport

// Both ends of the reliable transport. The receiver acknowledges data with the number of packets it holds in
// order (cumulative ACK); which packets it keeps and whether it NACKs a gap is the receiver's (Receivers: strict
// go-back-N, or selective, keeping packets out of order). The sender goes back to the first unacknowledged
// packet on a NACK or when nothing has been acknowledged for a retransmission timeout.

extension PacketNetwork {
    /// A packet reaches host `host` through its port `ingress`.
    mutating func receive(_ x: UInt32, host: Int, ingress: Int, _ scheduler: inout Scheduler) {
        let packet = pool[x]
        if telemetry.isOn { telemetry.receive(x) }
        counters.packetsDelivered += 1
        counters.bytesDelivered += Int64(packet.bytes)
        if creditMode {
            releaseIngress(ingress, trafficClass: Int(packet.trafficClass), bytes: Int64(packet.bytes), &scheduler)
        }
        pool.free(x)
        let f = Int(packet.flow)
        // An answer to a data packet: one fewer in flight, for windows that count so.
        if countsAnswers, packet.kind == .ack || packet.kind == .nack || packet.kind == .trimNack,
            flows[f].unanswered > 0
        {
            flows[f].unanswered -= 1
        }
        switch packet.kind {
        case .data:
            if congestion.dataArrived(packet, slot: f, now: scheduler.now, &scheduler) {
                counters.cnpsSent += 1
                sendControl(.cnp, flow: f, sequence: 0, &scheduler)
            }
            let receipt = receiveData(
                flow: f, sequence: packet.sequence, payload: packet.payload, stamp: packet.stamp, ecn: packet.ecn,
                &scheduler)
            if receiverGrants { grantsArrived(flow: f, accepted: receipt == .accepted, &scheduler) }
        case .ack:
            congestionAcknowledged(flow: f, packet, &scheduler)
            acknowledge(flow: f, upTo: packet.sequence, &scheduler)
            reopenWindow(flow: f, &scheduler)
        case .nack: goBack(flow: f, to: packet.sequence, &scheduler)
        case .cnp: congestionNotified(flow: f, packet, &scheduler)
        case .trimmed:
            // A switch cut this data packet to its headers: the receiver asks for it again (PacketNetwork+Trimming).
            counters.nacksSent += 1
            sendControl(.trimNack, flow: f, sequence: packet.sequence, echo: packet.stamp, &scheduler)
            if receiverGrants { grantsArrived(flow: f, accepted: false, &scheduler) }
        case .trimNack: trimNacked(flow: f, packet, &scheduler)
        case .grant: creditGranted(flow: f, limit: packet.sequence, &scheduler)
        case .credit, .pause: preconditionFailure("link-control messages never travel as packets")
        }
        // Last: what the packet caused may still need the flow (a duplicate's acknowledgement).
        packetLeft(flow: f)
    }

    /// A data packet of flow `f` (sent at `stamp`, marked `ecn` or not) reached its receiver: it answers as the
    /// receiver in force decides, echoing the stamp and the mark.
    @discardableResult
    mutating func receiveData(
        flow f: Int, sequence: UInt32, payload: UInt32, stamp: UInt32, ecn: Bool = false, _ scheduler: inout Scheduler
    ) -> Receipt {
        let packets = flows[f].packets
        let receipt = receivers.receive(sequence, slot: f, packets: packets, expected: &flows[f].expected)
        switch receipt {
        case .accepted:
            counters.goodputBytes += Int64(payload)
            sendControl(.ack, flow: f, sequence: flows[f].expected, echo: stamp, ecn: ecn, &scheduler)
        case .duplicate:
            sendControl(.ack, flow: f, sequence: flows[f].expected, echo: stamp, ecn: ecn, &scheduler)
        case .gap:
            counters.nacksSent += 1
            sendControl(.nack, flow: f, sequence: flows[f].expected, echo: stamp, ecn: ecn, &scheduler)
        case .discarded:
            break
        }
        return receipt
    }

    /// An ACK, NACK or CNP from the receiver of flow `f`, queued at the receiver's port ahead of data.
    /// `echo`: the stamp of the data packet it answers (`Packet.stamp`), 0 for a CNP; `ecn`: that packet's ECN mark,
    /// echoed as ECN-Echo. An ACK or NACK also echoes the data packet's hop records (PacketNetwork+Telemetry.swift).
    mutating func sendControl(
        _ kind: PacketKind, flow f: Int, sequence: UInt32, echo: UInt32 = 0, ecn: Bool = false,
        _ scheduler: inout Scheduler
    ) {
        let now = scheduler.now
        let x = inject(
            Packet(
                flow: UInt32(f), sequence: sequence, bytes: UInt32(config.ackBytes), payload: 0,
                source: flows[f].destination, destination: flows[f].source, kind: kind, trafficClass: 0, hops: 0,
                ingress: Packet.noPort, arrival: now, tailArrival: now, next: PacketPool.none, stamp: echo))
        if ecn { pool[x].ecn = true }
        if telemetry.isOn, kind != .cnp, kind != .grant { telemetry.echo(into: x) }
        if sprays { packetEntropies.set(x, flows[f].entropy) }
        let port = topology.uplink(ofHost: Int(flows[f].destination)).index
        queues[port * classes].append(x, in: &pool)
        ports[port].queuedBytes += Int64(config.ackBytes)
        if ports[port].queuedBytes > ports[port].peakQueuedBytes {
            ports[port].peakQueuedBytes = ports[port].queuedBytes
        }
        if !ports[port].busy { tryTransmit(port: port, &scheduler) }
    }

    mutating func acknowledge(flow f: Int, upTo count: UInt32, _ scheduler: inout Scheduler) {
        guard count > flows[f].acknowledged else { return }
        flows[f].acknowledged = count
        flows[f].lastProgress = scheduler.now
        if flows[f].nextToSend < count { flows[f].nextToSend = count }
        if count >= flows[f].packets, flows[f].finish == nil { complete(flow: f, &scheduler) }
    }

    mutating func goBack(flow f: Int, to sequence: UInt32, _ scheduler: inout Scheduler) {
        acknowledge(flow: f, upTo: sequence, &scheduler)
        guard flows[f].finish == nil, flows[f].nextToSend > sequence else { return }
        flows[f].nextToSend = sequence
        activate(f)
        tryTransmit(port: topology.uplink(ofHost: Int(flows[f].source)).index, &scheduler)
    }

    mutating func complete(flow f: Int, _ scheduler: inout Scheduler) {
        let now = scheduler.now
        flows[f].finish = now
        counters.flowsCompleted += 1
        let id = flows[f].id
        if id < records.count {
            records[id].delivered = now
        } else if gathersStatistics {
            unrecordedCompletions.add(
                size: flows[f].size, time: now - flows[f].start,
                ideal: idealCompletion(from: Int(flows[f].source), to: Int(flows[f].destination), size: flows[f].size))
        }
        deactivate(f)
        if trimming { retransmits.removeAll(f) }
        // Its timers have nothing left to do: cancelled, they neither run nor hold the clock past the run's end.
        if flows[f].timerPending, let timer = flows[f].timerEvent {
            scheduler.cancel(timer)
            flows[f].timerPending = false
        }
        congestion.flowFinished(slot: f, &scheduler)
        if flows[f].notifyKind != Self.noNotification {
            scheduler.schedule(
                flows[f].notifyKind, for: flows[f].notifyTarget, after: .zero, argument: flows[f].notifyTag)
        }
    }

    /// Flow `f`'s retransmission timeout: the configured one, or four packet times at the flow's paced rate if
    /// that is longer — a flow that congestion control has slowed to a few Mb/s must not time out packets it
    /// has only just been allowed to send.
    func retransmitTimeout(flow f: Int) -> SimTime {
        guard let rate = flows[f].pacingRate else { return config.retransmitTimeout }
        let packet = rate.serializationTime(of: ByteCount(Int64(config.mtu + config.headerBytes)))
        return max(config.retransmitTimeout, packet * 4)
    }

    /// Arms flow `f`'s retransmission timer if it is not armed: one pending timer per flow, re-armed lazily.
    mutating func armTimer(flow f: Int, _ scheduler: inout Scheduler) {
        guard !flows[f].timerPending else { return }
        flows[f].timerPending = true
        flows[f].timerEvent = scheduler.schedule(
            NetworkEvent.retransmitTimer.kind, for: eventTarget(flow: f),
            at: max(scheduler.now, flows[f].lastProgress + retransmitTimeout(flow: f)),
            argument: UInt64(f))
    }

    mutating func retransmitTimer(flow f: Int, _ scheduler: inout Scheduler) {
        flows[f].timerPending = false
        guard flows[f].finish == nil, flows[f].acknowledged < flows[f].nextToSend else { return }
        if scheduler.now - flows[f].lastProgress >= retransmitTimeout(flow: f) {
            flows[f].timeouts += 1
            counters.timeouts += 1
            flows[f].lastProgress = scheduler.now
            flows[f].nextToSend = flows[f].acknowledged
            // Going back resends whatever fast retransmissions were still owed.
            if trimming { retransmits.removeAll(f) }
            flows[f].unanswered = 0
            activate(f)
            tryTransmit(port: topology.uplink(ofHost: Int(flows[f].source)).index, &scheduler)
        }
        if flows[f].acknowledged < flows[f].nextToSend { armTimer(flow: f, &scheduler) }
    }
}
