import FabricKernel
import FabricTopology
import FabricTransport

// Faults. A cable that fails carries nothing from that moment: its flows stall at rate 0 (the packet model
// loses their packets instead) until routing converges, `convergenceDelay` later, when every flow in progress
// takes a path again from the new table and goes on from the bytes it had drained. The packet model's senders
// also wait for a retransmission timeout before they resume; flow mode does not, so after a failure it is
// optimistic by up to that timeout. A degraded cable carries its lower rate from the moment of the change.

extension FlowNetwork {
    public mutating func scheduleFaults(_ schedule: FaultSchedule, convergence: SimTime, scheduler: inout Scheduler) {
        faults = schedule
        convergenceDelay = convergence
        schedule.scheduleChanges(FlowEvent.linkChange.kind, scheduler: &scheduler)
    }

    mutating func applyLinkChange(_ i: Int, _ scheduler: inout Scheduler) {
        guard let change = faults?.changes[i] else { return }
        links.apply(change, in: topology)
        for port in change.ports {
            follow(port)
            markDirty(port.index, &scheduler)
        }
        fullPacketTrip = fullPacketTrips()
        scheduler.schedule(FlowEvent.reroute.kind, for: .model, after: convergenceDelay)
    }

    /// Applies `change` to an idle network as if routing had long converged on it: the state in which an
    /// episode starts when the change happened before it.
    public mutating func settle(_ change: LinkChange) {
        precondition(flowsInFlight == 0, "only an idle network settles a change")
        links.apply(change, in: topology)
        for port in change.ports { follow(port) }
        fullPacketTrip = fullPacketTrips()
        converge()
    }

    /// Routing's table for the links as they are now.
    mutating func converge() {
        routing = RoutingTable(topology: topology, links: links)
        reroutes += 1
    }

    /// A port takes its state and rate from `links`; it carries nothing while down.
    mutating func follow(_ port: PortID) {
        ports[port.index].follow(links, port)
        capacity[port.index] = ports[port.index].up ? Self.bytesPerPicosecond(ports[port.index].rate) : 0
    }

    /// Routing converges on the links that are up now; every flow in progress is routed again.
    mutating func reroute(_ scheduler: inout Scheduler) {
        converge()
        stranded.removeAll()
        for s in slots.indices where slots[s].started {
            markPath(s, &scheduler)
            unlink(s)
            route(s)
            if slots[s].hops == 0 { stranded.append(Int32(s)) }
            markPath(s, &scheduler)
        }
    }
}
