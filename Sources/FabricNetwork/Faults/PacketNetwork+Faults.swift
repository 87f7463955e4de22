import FabricKernel
import FabricTopology
import FabricTransport

// Faults. A cable that fails stops at once: packets queued for it and packets on it are lost, and switches go on
// choosing it until routing converges, `convergenceDelay` later, when the next hops are recomputed without it.
// A degraded cable runs at its lower rate from the moment of the change; routing does not react to rates.

extension PortState {
    /// Takes the port's state and rate from `links` after a change.
    public mutating func follow(_ links: LinkState, _ port: PortID) {
        up = links.isUp(port)
        rate = links.rate(port)
    }
}

extension PacketNetwork {
    /// Schedules every change of `schedule`; routing reacts `convergence` after each.
    public mutating func scheduleFaults(_ schedule: FaultSchedule, convergence: SimTime, scheduler: inout Scheduler) {
        faults = schedule
        convergenceDelay = convergence
        schedule.scheduleChanges(NetworkEvent.linkChange.kind, scheduler: &scheduler)
    }

    mutating func applyLinkChange(_ i: Int, _ scheduler: inout Scheduler) {
        guard let change = faults?.changes[i] else { return }
        links.apply(change, in: topology)
        for port in change.ports {
            let p = port.index
            let wasUp = ports[p].up
            ports[p].follow(links, port)
            if wasUp, !ports[p].up { flushQueues(port: p, &scheduler) }
            if !wasUp, ports[p].up { tryTransmit(port: p, &scheduler) }
        }
        scheduler.schedule(NetworkEvent.reroute.kind, for: .model, after: convergenceDelay)
    }

    /// A port went down: everything waiting for it is lost.
    mutating func flushQueues(port p: Int, _ scheduler: inout Scheduler) {
        let owner = topology.ports[p].node
        for c in 0..<classes {
            let q = p * classes + c
            while !queues[q].isEmpty {
                let x = queues[q].removeFirst(in: &pool)
                let bytes = Int64(pool[x].bytes)
                ports[p].queuedBytes -= bytes
                if !isHost(owner) { buffer.release(bytes, at: owner.index) }
                let ingress = pool[x].ingress == Packet.noPort ? nil : Int(pool[x].ingress)
                drop(x, at: p, ingress: ingress, reason: .linkDown, &scheduler)
            }
        }
    }

    /// Applies `change` to an idle network as if routing had long converged on it: the state in which an
    /// episode starts when the change happened before it.
    public mutating func settle(_ change: LinkChange) {
        precondition(packetsInFlight == 0, "only an idle network settles a change")
        links.apply(change, in: topology)
        for port in change.ports {
            ports[port.index].follow(links, port)
        }
        reroute()
    }

    /// Routing converges on the links that are up now.
    mutating func reroute() {
        routing = RoutingTable(topology: topology, links: links)
        reroutes += 1
    }
}
