import FabricKernel
import FabricTopology
import FabricTransport

// Paths. A flow's path is chosen hop by hop from the routing table when it starts, as its packets' would be:
// ECMP hashes the flow's entropy with each switch's salt exactly as the packet network does, so both fidelities
// put a flow on the same path. Spraying and adaptive routing choose per packet in the packet model; a fluid flow
// has one path, so both become "least-loaded at the flow's start": at each hop the equal-cost port with the
// fewest flows, scanning from the hashed one (docs/flow-model.md).

extension FlowNetwork {
    mutating func allocate(_ flow: FluidFlow) -> Int {
        if let slot = freeSlots.popLast() {
            slots[Int(slot)] = flow
            return Int(slot)
        }
        slots.append(flow)
        slotMark.append(0)
        frozenMark.append(0)
        return slots.count - 1
    }

    /// The flow starts now: it takes its path, and the rates of the flows it meets are recomputed.
    mutating func begin(_ s: Int, _ scheduler: inout Scheduler) {
        slots[s].started = true
        slots[s].updated = scheduler.now
        slots[s].began = scheduler.now
        if hasRecord(slots[s].flow) { records[Int(slots[s].flow)].start = scheduler.now }
        counters.bytesInjected += slots[s].wire
        route(s)
        if slots[s].hops == 0 { stranded.append(Int32(s)) }
        markPath(s, &scheduler)
    }

    /// Chooses and links the path of flow `s` from the routing table in force; no path when a hop has no
    /// candidate. Sets its delivery latency and its ideal completion.
    mutating func route(_ s: Int) {
        let destination = Int(slots[s].destination)
        let target = topology.hosts[destination]
        var node = topology.hosts[Int(slots[s].source)]
        let start = pathPorts.count
        while node != target {
            let candidates = routing.candidates(at: node, toward: destination)
            guard !candidates.isEmpty, pathPorts.count - start < topology.nodes.count else {
                for port in pathPorts[start...] { linkFlows[Int(port)].removeLast() }
                pathPorts.removeSubrange(start...)
                pathPositions.removeSubrange(start...)
                slots[s].hops = 0
                return
            }
            let port = choose(candidates, at: node, entropy: slots[s].entropy)
            pathPorts.append(Int32(port))
            pathPositions.append(Int32(linkFlows[port].count))
            linkFlows[port].append(Int32(s))
            node = topology.neighbour(through: PortID(port))
        }
        slots[s].pathStart = Int32(start)
        slots[s].hops = Int32(pathPorts.count - start)
        let (latency, slowest) = pathLatency(s)
        slots[s].latency = latency
        let rate = Self.bytesPerPicosecond(slowest)
        slots[s].ideal = latency + SimTime(rawValue: Int64((Double(slots[s].wire) / rate).rounded(.up)))
        if hasRecord(slots[s].flow) { records[Int(slots[s].flow)].ideal = slots[s].ideal }
    }

    /// One of the equal-cost ports `routing.hops[candidates]`. Inlined, as `pathLatency` is: called as functions
    /// from the mutating `route`, these non-mutating helpers copied part of the network on every call (about nine
    /// `memcpy`s a message in callgrind; 8 % of a flow-mode ring all-reduce's instructions).
    @inline(__always)
    func choose(_ candidates: Range<Int>, at node: NodeID, entropy: UInt64) -> Int {
        let count = candidates.count
        if count == 1 { return routing.hops[candidates.lowerBound].index }
        let hash = ECMP.mix(entropy ^ salts[node.index])
        let first = Int(hash % UInt64(count))
        guard config.loadBalancing != .ecmp else { return routing.hops[candidates.lowerBound + first].index }
        var best = routing.hops[candidates.lowerBound + first].index
        var bestLoad = Int.max
        for i in 0..<count {
            let port = routing.hops[candidates.lowerBound + (first + i) % count].index
            guard ports[port].up else { continue }
            if linkFlows[port].count < bestLoad {
                bestLoad = linkFlows[port].count
                best = port
            }
        }
        return best
    }

    /// The delay between a flow's last byte draining and its delivery, and the slowest rate on its path: the
    /// first packet's trip (`hopLatency` per hop, so store-and-forward counts each hop's serialisation) less its
    /// serialisation at the slowest rate, which the fluid drain already covers, plus an acknowledgement's trip
    /// back over the same cables.
    @inline(__always)
    func pathLatency(_ s: Int) -> (latency: SimTime, slowest: Bandwidth) {
        let mtu = Int64(config.mtu)
        let size = slots[s].size
        let full = size >= mtu
        let first = ByteCount(Int64(config.wireBytes(payload: Int(min(mtu, size)))))
        var latency = SimTime.zero
        var slowest = Bandwidth(rawValue: .max)
        for h in 0..<Int(slots[s].hops) {
            let port = Int(pathPorts[Int(slots[s].pathStart) + h])
            slowest = min(slowest, ports[port].rate)
            latency +=
                full
                ? fullPacketTrip[port]
                : hopLatency(port: port, wire: first)
                    + hopLatency(port: topology.ports[port].peer.index, wire: ByteCount(Int64(config.ackBytes)))
        }
        return (latency - slowest.serializationTime(of: first), slowest)
    }

    /// Per port: a full packet's hop latency through it plus an acknowledgement's back through its peer, at the
    /// rates now: the terms of `pathLatency` for messages of at least one full packet, computed once.
    func fullPacketTrips() -> [SimTime] {
        let full = ByteCount(Int64(config.wireBytes(payload: config.mtu)))
        let ack = ByteCount(Int64(config.ackBytes))
        return ports.indices.map {
            hopLatency(port: $0, wire: full) + hopLatency(port: topology.ports[$0].peer.index, wire: ack)
        }
    }

    /// The time `wire` bytes occupy `port` at its rate now.
    func busyTime(_ wire: Int64, port p: Int) -> SimTime {
        capacity[p] > 0 ? SimTime(rawValue: Int64((Double(wire) / capacity[p]).rounded())) : .zero
    }

    /// Takes flow `s` off the ports of its path.
    mutating func unlink(_ s: Int) {
        let start = Int(slots[s].pathStart)
        for h in 0..<Int(slots[s].hops) {
            let port = Int(pathPorts[start + h])
            let position = Int(pathPositions[start + h])
            let moved = linkFlows[port].removeLast()
            if position < linkFlows[port].count {
                linkFlows[port][position] = moved
                let m = Int(moved)
                let mStart = Int(slots[m].pathStart)
                for k in 0..<Int(slots[m].hops) where pathPorts[mStart + k] == Int32(port) {
                    pathPositions[mStart + k] = Int32(position)
                }
            }
        }
        pathGarbage += Int(slots[s].hops)
        slots[s].hops = 0
        if pathGarbage > 4096, pathGarbage * 2 > pathPorts.count { compactPaths() }
    }

    /// Moves the live paths to the front of the arena.
    mutating func compactPaths() {
        var ports: [Int32] = []
        var positions: [Int32] = []
        ports.reserveCapacity(pathPorts.count - pathGarbage)
        positions.reserveCapacity(pathPorts.count - pathGarbage)
        for s in slots.indices where slots[s].hops > 0 {
            let start = Int(slots[s].pathStart)
            slots[s].pathStart = Int32(ports.count)
            ports.append(contentsOf: pathPorts[start..<start + Int(slots[s].hops)])
            positions.append(contentsOf: pathPositions[start..<start + Int(slots[s].hops)])
        }
        pathPorts = ports
        pathPositions = positions
        pathGarbage = 0
    }

    /// Marks the ports of flow `s`'s path for a new allocation.
    mutating func markPath(_ s: Int, _ scheduler: inout Scheduler) {
        let start = Int(slots[s].pathStart)
        for h in 0..<Int(slots[s].hops) { markDirty(Int(pathPorts[start + h]), &scheduler) }
    }

    mutating func markDirty(_ port: Int, _ scheduler: inout Scheduler) {
        dirtyPorts.append(Int32(port))
        if !reallocatePending {
            reallocatePending = true
            scheduler.schedule(FlowEvent.reallocate.kind, for: .model, after: .zero)
        }
    }
}
