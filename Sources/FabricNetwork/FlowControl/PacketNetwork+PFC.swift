import FabricKernel
import FabricTopology
import FabricTransport

// Priority-based flow control. A switch counts, per ingress port and priority, the bytes it holds that came in
// through that port, in two parts as switch ASICs do: a shared part, which may grow to the XOFF threshold, and a
// headroom part reserved per port and priority. A packet that would take the shared part past XOFF goes to the
// headroom instead, and the switch sends the upstream port a pause frame for that priority; the frame takes the
// cable's delay to arrive, and the upstream then stops sending that priority — after the packet it is sending,
// since transmission is not pre-empted. What is still on the cable, and what the upstream sends before the pause
// arrives, lands in the headroom too. Bytes leaving free the headroom first. Below XON the switch sends a resume
// (a pause of zero quanta). While paused past XON the switch refreshes the pause before it expires.
// Head-of-line blocking and congestion spreading are not coded anywhere: they follow from these rules.
//
// The two parts matter because XOFF is dynamic: a fraction of the free shared buffer, it falls as other ports
// fill the buffer. Bytes admitted below the threshold stay in the shared part when it falls; only what arrives
// after the pause is counted against the headroom, which the formula below sizes for exactly that. (Measuring the
// headroom as the bytes above the threshold of the moment, as this model once did, counted bytes admitted long
// before the pause against it and dropped packets of a lossless class: scenarios/microbursts.yaml at 16 MB,
// seed 3.)

extension PacketNetwork {
    /// Bytes reserved per ingress port and priority to absorb what arrives after a pause is sent:
    /// rate × (2 × cable delay + switch latency + response time) / 8 — the cable in both directions, the packets
    /// in the pipeline, the upstream's reaction — plus two full packets (the one the upstream is sending when the
    /// pause arrives, and the one that crossed the threshold) and a pause frame (64 bytes). After IEEE 802.1Qbb
    /// Annex N and vendors' headroom calculators; see docs/network-model.md.
    public static func headroom(rate: Bandwidth, delay: SimTime, config: NetworkConfig) -> Int64 {
        let inFlight = delay * 2 + config.switchLatency + config.pfc.responseTime
        return rate.bytes(in: inFlight).bytes + 2 * Int64(config.mtu + config.headerBytes) + 64
    }

    /// The headroom each node reserves under PFC: every ingress port's, for every class; none without PFC.
    public static func reservedHeadroom(
        _ topology: Topology, headroom: [Int64]? = nil, config: NetworkConfig, classes: Int
    ) -> [Int64] {
        var reserved = Array(repeating: Int64(0), count: topology.nodes.count)
        guard config.flowControl == .pfc else { return reserved }
        for (p, port) in topology.ports.enumerated() {
            reserved[port.node.index] +=
                (headroom?[p] ?? Self.headroom(rate: port.rate, delay: port.delay, config: config)) * Int64(classes)
        }
        return reserved
    }

    /// The XOFF threshold of switch `node`'s ingresses now (`PFC.xoffThreshold(at:bufferUsed:)`). Inlined: as a
    /// call from a mutating method it copied the whole network for each packet admitted (a `memcpy` of
    /// `PacketNetwork` per packet in callgrind).
    @inline(__always)
    func xoffThreshold(at node: NodeID) -> Int64 {
        pfc.xoffThreshold(at: node.index, bufferUsed: buffer.used[node.index])
    }

    /// Admits a packet arriving through `ingress` under PFC: to the shared part while it stays within XOFF, else
    /// to the headroom (pausing the upstream), or drops it if even the headroom is full.
    mutating func admitLossless(_ x: UInt32, at node: NodeID, ingress: Int, _ scheduler: inout Scheduler) -> Bool {
        let slot = ingress * classes + Int(pool[x].trafficClass)
        let xoff = xoffThreshold(at: node)
        switch pfc.admit(Int64(pool[x].bytes), ingress: ingress, slot: slot, node: node.index, xoff: xoff) {
        case .shared:
            return true
        case .overrun:
            drop(x, at: nil, ingress: nil, reason: .headroomOverrun, &scheduler)
            return false
        case .headroom(let pause):
            if pfc.headroomHeld[slot] > ports[ingress].peakHeadroomUsed {
                ports[ingress].peakHeadroomUsed = pfc.headroomHeld[slot]
            }
            if pause {
                sendPause(ingress: ingress, trafficClass: slot % classes, &scheduler)
                scheduler.schedule(
                    NetworkEvent.pauseRefresh.kind, for: ComponentID(slot), after: refreshInterval(ingress))
            }
            return true
        }
    }

    /// Bytes that came in through `ingress` have left: resume the upstream once below XON.
    mutating func releaseLossless(_ ingress: Int, trafficClass: Int, bytes: Int64, _ scheduler: inout Scheduler) {
        let slot = ingress * classes + trafficClass
        pfc.release(bytes, slot: slot, node: topology.ports[ingress].node.index)
        guard pfc.xoffSent[slot] else { return }
        resumeIfBelowXON(slot: slot, &scheduler)
    }

    /// Lifts a pause (a frame of zero quanta) once the ingress is at or below XON; true when it did. A dynamic
    /// XON moves with the whole buffer, so it is checked both when bytes leave this ingress and at each refresh:
    /// an ingress that emptied while other ports held the buffer (XON below zero then) would otherwise stay
    /// paused for ever once they drained, no byte of its own left to leave.
    @discardableResult
    mutating func resumeIfBelowXON(slot: Int, _ scheduler: inout Scheduler) -> Bool {
        let ingress = slot / classes
        let node = topology.ports[ingress].node
        let xoff = xoffThreshold(at: node)
        guard pfc.lift(slot: slot, node: node.index, xoff: xoff) else { return false }
        sendLinkControl(.pause, on: ingress, trafficClass: slot % classes, value: 0, &scheduler)
        ports[ingress].pauseFramesSent += 1
        counters.pauseFrames += 1
        return true
    }

    func refreshInterval(_ ingress: Int) -> SimTime {
        // Half the pause time a frame asks for, at this link's rate.
        let bits = Int64(config.pfc.quanta) * 512 / 2
        return ports[ingress].rate.serializationTime(of: ByteCount(max(bits / 8, 1)))
    }

    mutating func sendPause(ingress: Int, trafficClass: Int, _ scheduler: inout Scheduler) {
        sendLinkControl(.pause, on: ingress, trafficClass: trafficClass, value: UInt32(config.pfc.quanta), &scheduler)
        ports[ingress].pauseFramesSent += 1
        counters.pauseFrames += 1
    }

    /// While an ingress stays above XON, its pause is sent again before the upstream's expires; once below, it is lifted.
    mutating func pauseRefresh(slot: Int, _ scheduler: inout Scheduler) {
        guard pfc.xoffSent[slot], !resumeIfBelowXON(slot: slot, &scheduler) else { return }
        let ingress = slot / classes
        sendPause(ingress: ingress, trafficClass: slot % classes, &scheduler)
        scheduler.schedule(NetworkEvent.pauseRefresh.kind, for: ComponentID(slot), after: refreshInterval(ingress))
    }

    /// A pause frame reaches the port it stops (or, with zero quanta, resumes).
    mutating func pauseReceived(port p: Int, trafficClass: Int, quanta: UInt32, _ scheduler: inout Scheduler) {
        let slot = p * classes + trafficClass
        let now = scheduler.now
        ports[p].pauseFramesReceived += 1
        if quanta == 0 {
            if pfc.resume(slot, at: now) { endPause(port: p, now) }
            tryTransmit(port: p, &scheduler)
            return
        }
        let bits = Int64(quanta) * 512
        if pfc.pause(slot, until: now + ports[p].rate.serializationTime(of: ByteCount(max(bits / 8, 1)))) {
            if ports[p].pausedClasses == 0 { ports[p].pausedSince = now }
            ports[p].pausedClasses += 1
        }
        wakeWhenPauseEnds(port: p, &scheduler)
        armDeadlockCheck(&scheduler)
    }

    /// One class of port `p` is no longer paused: the port's time paused counts while any class is.
    mutating func endPause(port p: Int, _ now: SimTime) {
        ports[p].pausedClasses -= 1
        if ports[p].pausedClasses == 0 { ports[p].timePaused += now - ports[p].pausedSince }
    }

    /// The time port `p` has spent paused up to `now`, the pause in force (if any) included: `timePaused` is
    /// credited only when a pause ends, so a reading in the middle of a long pause would otherwise see none of
    /// it, and the next reading all of it at once.
    public func timePaused(port p: Int, now: SimTime) -> SimTime {
        ports[p].timePaused + (ports[p].pausedClasses > 0 ? now - ports[p].pausedSince : .zero)
    }

    /// Schedules port `p`'s one `pauseExpire` event for its earliest pause expiry, if none is pending earlier.
    mutating func wakeWhenPauseEnds(port p: Int, _ scheduler: inout Scheduler) {
        let earliest = pfc.earliestExpiry(port: p)
        guard earliest != .max else { return }
        if let pending = ports[p].pauseWakeAt, pending <= earliest, pending >= scheduler.now { return }
        ports[p].pauseWakeAt = earliest
        scheduler.schedule(NetworkEvent.pauseExpire.kind, for: .port(p), at: earliest)
    }

    /// Pauses that ran out without a resume end here; the port sends again.
    mutating func pauseExpire(port p: Int, _ scheduler: inout Scheduler) {
        let now = scheduler.now
        if ports[p].pauseWakeAt == now { ports[p].pauseWakeAt = nil }
        for c in 0..<classes where pfc.hasExpired(p * classes + c, at: now) {
            _ = pfc.endPause(p * classes + c)
            endPause(port: p, now)
        }
        wakeWhenPauseEnds(port: p, &scheduler)
        tryTransmit(port: p, &scheduler)
    }
}
