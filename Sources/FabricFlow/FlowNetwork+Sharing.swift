import FabricKernel
import FabricTopology
import FabricTransport

// Max-min fair sharing by progressive filling, on the connected component of the changed ports only.
//
// The component: the flows on the dirty ports, the ports of their paths, the flows on those, and so on. Max-min
// fair rates of two components that share no port are independent, so the rest of the fabric keeps its rates.
// Progressive filling: all unfrozen flows rise together; the port whose residual rate divided by its unfrozen
// flows is smallest saturates first, and its flows freeze at that share; their rate is taken from every other
// port on their paths. A port's share never falls while filling (a flow freezes at the smallest share, at most
// any port's), so a heap of shares with stale entries skipped finds each bottleneck in O(log ports).
// Cost of a recomputation: O((flows × path length) · log ports) in the component.

extension FlowNetwork {
    mutating func reallocate(_ scheduler: inout Scheduler) {
        reallocatePending = false
        generation &+= 1
        if generation == 0 { resetMarks() }
        let mark = generation
        reallocations += 1
        // Each connected component on its own: the flows of one instant (a ring's step starts p messages at
        // once) are many small components, each filled by a scan.
        for seed in dirtyPorts where portMark[Int(seed)] != mark {
            portMark[Int(seed)] = mark
            componentPorts.removeAll(keepingCapacity: true)
            componentSlots.removeAll(keepingCapacity: true)
            componentPorts.append(seed)
            var next = 0
            while next < componentPorts.count {
                let port = Int(componentPorts[next])
                next += 1
                for s in linkFlows[port] where slotMark[Int(s)] != mark {
                    slotMark[Int(s)] = mark
                    componentSlots.append(s)
                    let start = Int(slots[Int(s)].pathStart)
                    for h in 0..<Int(slots[Int(s)].hops) {
                        let q = pathPorts[start + h]
                        if portMark[Int(q)] != mark {
                            portMark[Int(q)] = mark
                            componentPorts.append(q)
                        }
                    }
                }
            }
            flowsReallocated += Int64(componentSlots.count)
            if !componentSlots.isEmpty { fill(mark, &scheduler) }
        }
        dirtyPorts.removeAll(keepingCapacity: true)
    }

    /// Progressive filling over `componentPorts` and `componentSlots`. A small component (most are: a ring's
    /// message and the next chunk of its stream) finds each bottleneck by a scan of its ports, cheaper there than
    /// the heap; both take the smallest share, ties to the lowest port.
    mutating func fill(_ mark: UInt32, _ scheduler: inout Scheduler) {
        let small = componentPorts.count <= Self.scanLimit
        for port in componentPorts {
            let p = Int(port)
            residual[p] = capacity[p]
            unfrozen[p] = Int32(linkFlows[p].count)
            if !small, unfrozen[p] > 0 {
                shares.insert(FairShare(share: residual[p] / Double(unfrozen[p]), port: port))
            }
        }
        while let entry = small ? smallestShare() : shares.popMin() {
            let p = Int(entry.port)
            guard unfrozen[p] > 0, entry.share == residual[p] / Double(unfrozen[p]) else { continue }
            let share = max(0, entry.share)
            unfrozen[p] = 0
            for s in linkFlows[p] where frozenMark[Int(s)] != mark {
                frozenMark[Int(s)] = mark
                let start = Int(slots[Int(s)].pathStart)
                for h in 0..<Int(slots[Int(s)].hops) {
                    let q = Int(pathPorts[start + h])
                    guard q != p, unfrozen[q] > 0 else { continue }
                    residual[q] -= share
                    unfrozen[q] -= 1
                    if !small, unfrozen[q] > 0 {
                        shares.insert(FairShare(share: residual[q] / Double(unfrozen[q]), port: Int32(q)))
                    }
                }
                setRate(Int(s), share, &scheduler)
            }
        }
    }

    /// Components of up to this many ports are filled by scanning.
    static let scanLimit = 16

    /// The port of the component with the smallest share among those with unfrozen flows, or nil.
    func smallestShare() -> FairShare? {
        var best: FairShare?
        for port in componentPorts where unfrozen[Int(port)] > 0 {
            let entry = FairShare(share: residual[Int(port)] / Double(unfrozen[Int(port)]), port: port)
            if best.map({ entry < $0 }) ?? true { best = entry }
        }
        return best
    }

    /// After 2^32 recomputations the marks wrap: clear them so that no stale mark equals a new generation.
    mutating func resetMarks() {
        for i in portMark.indices { portMark[i] = 0 }
        for i in slotMark.indices { slotMark[i] = 0 }
        for i in frozenMark.indices { frozenMark[i] = 0 }
        generation = 1
    }

    /// Gives flow `s` its new rate; its drain is rescheduled only if the rate changed.
    mutating func setRate(_ s: Int, _ rate: Double, _ scheduler: inout Scheduler) {
        guard slots[s].rate != rate else { return }
        let now = scheduler.now
        slots[s].sent += slots[s].rate * Double((now - slots[s].updated).rawValue)
        slots[s].updated = now
        slots[s].rate = rate
        if let event = slots[s].drainEvent {
            scheduler.cancel(event)
            slots[s].drainEvent = nil
        }
        guard rate > 0 else { return }
        let remaining = max(0, Double(slots[s].wire) - slots[s].sent)
        let time = SimTime(rawValue: Int64((remaining / rate).rounded(.up)))
        slots[s].drainEvent = scheduler.schedule(FlowEvent.drain.kind, for: ComponentID(s), after: time)
    }

    /// Flow `s`'s last byte has left its path: it leaves the links, the flows it shared them with get new
    /// rates, and it is delivered one path latency later.
    mutating func drain(_ s: Int, _ scheduler: inout Scheduler) {
        let now = scheduler.now
        let flow = slots[s]
        let integral = flow.sent + flow.rate * Double((now - flow.updated).rawValue)
        worstDrainError = max(worstDrainError, abs(integral - Double(flow.wire)))
        let size = flow.size
        let mtu = Int64(config.mtu)
        let packets = max(1, (size + mtu - 1) / mtu)
        let start = Int(flow.pathStart)
        for h in 0..<Int(flow.hops) {
            let p = Int(pathPorts[start + h])
            ports[p].bytesSent += flow.wire
            ports[p].packetsSent += packets
            ports[p].busyTime += busyTime(flow.wire, port: p)
        }
        markPath(s, &scheduler)
        unlink(s)
        let finish = now + flow.latency
        if hasRecord(flow.flow) {
            records[Int(flow.flow)].finish = finish
            slotOfFlow[Int(flow.flow)] = -1
        } else if gathersStatistics {
            unrecordedCompletions.add(size: size, time: finish - flow.began, ideal: flow.ideal)
        }
        counters.bytesDelivered += flow.wire
        counters.goodputBytes += size
        counters.flowsCompleted += 1
        if flow.notifyKind != Self.noNotification {
            scheduler.schedule(flow.notifyKind, for: flow.notifyTarget, at: finish, argument: flow.notifyTag)
        }
        slots[s].drainEvent = nil
        slots[s].started = false
        freeSlots.append(Int32(s))
    }
}
