import FabricKernel
import FabricTransport

// Carrying a checkpoint's writes from one episode to the next.
//
// A training step runs as an episode on a fresh copy of the idle network, and an upload outlives the step. At
// the step's end the upload is cut: each request in flight keeps the bytes its receiver already holds in order
// (they go to the server's media then) and sends the rest as a new flow when the next episode starts; whatever
// its packets had in the network is sent again, and a congestion-controlled flow starts again at line rate. The
// media, the admission queues and the pending acknowledgements carry over exactly, their times moved to the new
// episode's clock. docs/storage.md discusses what this approximation costs.

extension StorageTraffic {
    /// Ends the current episode at `end` (its clock): takes what every flow in flight has delivered, and moves
    /// every pending time so that `end` becomes the next episode's zero.
    public mutating func suspend(at end: SimTime, network: some Transport) {
        for slot in requests.indices {
            switch requests[slot].state {
            case .flowing:
                let delivered = min(requests[slot].remaining, network.deliveredBytes(of: Int(requests[slot].flow)))
                deliver(delivered, to: Int(requests[slot].server), since: requests[slot].sent, now: end)
                requests[slot].remaining -= delivered
                if requests[slot].remaining == 0 {
                    // Its arrival was due at the cut: acknowledge it from the next episode's start.
                    requests[slot].state = .acknowledging
                    requests[slot].acknowledgeAt = end + config.requestLatency
                }
            case .acknowledging, .waiting, .free:
                break
            }
            if requests[slot].state == .acknowledging {
                requests[slot].acknowledgeAt = requests[slot].acknowledgeAt - end
            }
        }
        for s in servers.indices {
            servers[s].busyUntil = servers[s].busyUntil - end
            servers[s].writtenBy = servers[s].writtenBy - end
            for i in servers[s].chunks.indices { servers[s].chunks[i].end = servers[s].chunks[i].end - end }
            servers[s].wakeAt = nil
        }
        durableEvent = durableEvent.map { $0 - end }
        origin = origin + end
    }

    /// Starts the next episode: re-sends the rest of every request that was in flight, and schedules again
    /// the acknowledgements, cache wake-ups and durability that were pending.
    mutating func resume<Network: Transport>(network: inout Network, scheduler: inout Scheduler) {
        for slot in requests.indices {
            switch requests[slot].state {
            case .flowing: send(slot: slot, &network, &scheduler)
            case .acknowledging:
                scheduler.schedule(
                    Kind.acknowledged.kind, for: target, at: max(.zero, requests[slot].acknowledgeAt),
                    argument: UInt64(slot))
            case .waiting, .free: break
            }
        }
        for s in servers.indices where !servers[s].waiting.isEmpty { admit(server: s, &network, &scheduler) }
        if let at = durableEvent { scheduler.schedule(Kind.durable.kind, for: target, at: max(.zero, at), argument: 0) }
    }
}
