import FabricKernel
import FabricTopology
import FabricTransport

extension PacketNetwork {
    var creditMode: Bool { config.flowControl == .credits }

    func isHost(_ node: NodeID) -> Bool { topology.hostIndex[node.index] >= 0 }

    /// Starts sending on port `p` if it is idle, up, and has a packet it may send: the first class (in priority
    /// order) whose head has credits; at a host, after its acknowledgements, the next data packet of its NIC.
    mutating func tryTransmit(port p: Int, _ scheduler: inout Scheduler) {
        guard !ports[p].busy, ports[p].up else { return }
        var chosen = PacketPool.none
        var trafficClass = 0
        var creditBlocked = false
        // Class 0 (acknowledgements) first; the data classes in turn, one packet each, starting after the class
        // served last (round robin with equal weights, as ETS shares a port among traffic classes).
        let dataClasses = classes - 1
        let firstData = Int(ports[p].lastDataClass) % dataClasses
        for turn in 0..<classes {
            let c = turn == 0 ? 0 : 1 + (firstData + turn) % dataClasses
            let q = p * classes + c
            guard !queues[q].isEmpty else { continue }
            // Paused by the far end (PFC): its pause frame's expiry or resume wakes the port.
            if pfc.isPaused(q, at: scheduler.now) { continue }
            if creditMode, !credits.allow(q, bytes: Int64(pool[queues[q].head].bytes)) {
                creditBlocked = true
                continue
            }
            chosen = queues[q].removeFirst(in: &pool)
            ports[p].queuedBytes -= Int64(pool[chosen].bytes)
            trafficClass = c
            if c > 0 { ports[p].lastDataClass = UInt8(c - 1) }
            if egressFeedback, pool[chosen].kind == .data {
                if ecn.isOn { markCongestion(chosen, port: p, queueBytes: queues[q].bytes) }
                if telemetry.isOn { stampTelemetry(chosen, port: p, now: scheduler.now) }
            }
            break
        }
        let owner = topology.ports[p].node
        if chosen == PacketPool.none, isHost(owner) {
            chosen = nextDataPacket(
                host: Int(topology.hostIndex[owner.index]), port: p, creditBlocked: &creditBlocked, &scheduler)
            if chosen != PacketPool.none { trafficClass = Int(pool[chosen].trafficClass) }
        }
        guard chosen != PacketPool.none else {
            if creditBlocked, ports[p].stalledSince == nil { ports[p].stalledSince = scheduler.now }
            return
        }
        if let since = ports[p].stalledSince {
            ports[p].creditStallTime += scheduler.now - since
            ports[p].stalledSince = nil
        }
        startTransmission(chosen, port: p, trafficClass: trafficClass, &scheduler)
    }

    /// Time port `p` has spent serialising up to `now`: what a utilisation over an interval ending at `now` may
    /// count (the packet on the wire only for the part already sent).
    public func busyTime(port p: Int, now: SimTime) -> SimTime {
        ports[p].busyTime - max(.zero, ports[p].serialisedAt - now)
    }

    /// Puts a packet on the wire: the port is busy until its last bit has left, and the packet joins the link's
    /// in-flight list, to arrive after the propagation delay (and the far switch's pipeline latency).
    mutating func startTransmission(_ x: UInt32, port p: Int, trafficClass: Int, _ scheduler: inout Scheduler) {
        let now = scheduler.now
        let bytes = Int64(pool[x].bytes)
        let serialization = ports[p].rate.serializationTime(of: ByteCount(bytes))
        var done = now + serialization
        // Cut-through: a packet cannot leave before it has finished arriving.
        if pool[x].tailArrival > done { done = pool[x].tailArrival }
        ports[p].busy = true
        ports[p].currentBytes = bytes
        ports[p].currentIngress = pool[x].ingress
        ports[p].currentClass = UInt8(trafficClass)
        ports[p].busyTime += serialization
        ports[p].serialisedAt = now + serialization
        ports[p].packetsSent += 1
        ports[p].bytesSent += bytes
        if creditMode { credits.spend(p * classes + trafficClass, bytes: bytes) }
        scheduler.schedule(NetworkEvent.transmitDone.kind, for: .port(p), at: done)

        let receiver = topology.neighbour(through: PortID(p))
        let toSwitch = !isHost(receiver)
        let pipeline = toSwitch ? config.switchLatency : .zero
        let tail = done + ports[p].delay + pipeline
        var arrival = tail
        if toSwitch, config.switching == .cutThrough {
            let header = ports[p].rate.serializationTime(
                of: ByteCount(Int64(min(Int(bytes), config.cutThroughHeaderBytes))))
            arrival = now + header + ports[p].delay + pipeline
        }
        pool[x].arrival = arrival
        pool[x].tailArrival = tail
        pool[x].hops &+= 1
        counters.packetHops += 1
        let wasEmpty = ports[p].inFlight.isEmpty
        ports[p].inFlight.append(x, in: &pool)
        if wasEmpty { scheduler.schedule(NetworkEvent.arrive.kind, for: .port(p), at: arrival) }
    }

    /// The last bit has left port `p`: its buffer space is released (and, under credits, returned upstream), and
    /// the port sends its next packet.
    mutating func transmitDone(port p: Int, _ scheduler: inout Scheduler) {
        ports[p].busy = false
        let owner = topology.ports[p].node
        if !isHost(owner) {
            buffer.release(ports[p].currentBytes, at: owner.index)
            if config.flowControl != .none, ports[p].currentIngress != Packet.noPort {
                releaseIngress(
                    Int(ports[p].currentIngress), trafficClass: Int(ports[p].currentClass),
                    bytes: ports[p].currentBytes, &scheduler)
            }
        }
        tryTransmit(port: p, &scheduler)
    }

    /// The packet at the head of port `p`'s link reaches the far end.
    mutating func arrive(port p: Int, _ scheduler: inout Scheduler) {
        let x = ports[p].inFlight.removeFirst(in: &pool)
        if !ports[p].inFlight.isEmpty {
            scheduler.schedule(NetworkEvent.arrive.kind, for: .port(p), at: pool[ports[p].inFlight.head].arrival)
        }
        let ingress = topology.ports[p].peer.index
        guard ports[p].up else {
            // The cable failed while the packet was on it.
            drop(x, at: p, ingress: ingress, reason: .linkDown, &scheduler)
            return
        }
        let node = topology.ports[ingress].node
        if isHost(node) {
            receive(x, host: Int(topology.hostIndex[node.index]), ingress: ingress, &scheduler)
        } else {
            forward(x, at: node, ingress: ingress, &scheduler)
        }
    }

    /// Counts a lost packet of a flow and frees it; under credits, the buffer it was admitted to is given back.
    mutating func drop(_ x: UInt32, at port: Int?, ingress: Int?, reason: DropReason, _ scheduler: inout Scheduler) {
        assert(
            pool[x].kind != .credit && pool[x].kind != .pause,
            "link-control messages are never queued, so never dropped")
        let bytes = Int64(pool[x].bytes)
        counters.packetsDropped += 1
        switch reason {
        case .bufferFull: counters.dropsBufferFull += 1
        case .linkDown: counters.dropsLinkDown += 1
        case .unroutable: counters.dropsUnroutable += 1
        case .headroomOverrun: counters.dropsHeadroomOverrun += 1
        }
        counters.bytesDropped += bytes
        if let port { ports[port].drops += 1 }
        if config.flowControl != .none, let ingress {
            releaseIngress(ingress, trafficClass: Int(pool[x].trafficClass), bytes: bytes, &scheduler)
        }
        let flow = Int(pool[x].flow)
        pool.free(x)
        packetLeft(flow: flow)
    }
}
