import FabricKernel
import FabricTopology

extension PacketNetwork {
    /// A packet has arrived at switch `node` through port `ingress`: choose its egress among the equal-cost
    /// ports, admit it to the shared buffer (or drop it), and queue it.
    mutating func forward(_ x: UInt32, at node: NodeID, ingress: Int, _ scheduler: inout Scheduler) {
        pool[x].ingress = UInt32(ingress)
        let trafficClass = Int(pool[x].trafficClass)
        let bytes = Int64(pool[x].bytes)
        switch config.flowControl {
        case .credits: holdIngress(ingress, trafficClass: trafficClass, bytes: bytes)
        case .pfc: guard admitLossless(x, at: node, ingress: ingress, &scheduler) else { return }
        case .none: break
        }
        let candidates = routing.candidates(at: node, toward: Int(pool[x].destination))
        guard !candidates.isEmpty else {
            drop(x, at: nil, ingress: ingress, reason: .unroutable, &scheduler)
            return
        }
        let egress = chooseEgress(candidates, at: node, packet: x)
        guard ports[egress].up else {
            drop(x, at: egress, ingress: ingress, reason: .linkDown, &scheduler)
            return
        }
        let q = egress * classes + trafficClass
        if config.flowControl == .none {
            // Dynamic threshold: a queue may hold at most alpha × the buffer still free.
            let free = Double(config.switchBuffer.bytes - bufferUsed[node.index])
            if Double(queues[q].bytes + bytes) > config.bufferAlpha * free {
                drop(x, at: egress, ingress: nil, reason: .bufferFull, &scheduler)
                return
            }
        }
        bufferUsed[node.index] += bytes
        if bufferUsed[node.index] > peakBufferUsed[node.index] { peakBufferUsed[node.index] = bufferUsed[node.index] }
        queues[q].append(x, in: &pool)
        ports[egress].queuedBytes += bytes
        if ports[egress].queuedBytes > ports[egress].peakQueuedBytes {
            ports[egress].peakQueuedBytes = ports[egress].queuedBytes
        }
        if !ports[egress].busy { tryTransmit(port: egress, &scheduler) }
    }

    /// ECN at egress: a data packet leaving a queue of `queueBytes` is marked with the RED probability. Marking as
    /// the packet leaves (rather than as it joins) puts the congestion signal in the packet that reaches the
    /// receiver first, so it does not wait out the queue it reports.
    mutating func markCongestion(_ x: UInt32, port: Int, queueBytes: Int64) {
        guard let ecn = config.ecn, topology.hostIndex[topology.ports[port].node.index] < 0 else { return }
        let probability = ecn.probability(queueBytes: queueBytes)
        if probability >= 1 || probability > 0 && ecnStream.nextUnit() < probability {
            pool[x].ecn = true
            ports[port].ecnMarks += 1
            counters.ecnMarks += 1
        }
    }

    /// One of the equal-cost ports `routing.hops[candidates]`, by the configured load balancing.
    mutating func chooseEgress(_ candidates: Range<Int>, at node: NodeID, packet x: UInt32) -> Int {
        let count = candidates.count
        if count == 1 { return routing.hops[candidates.lowerBound].index }
        let hash = ECMP.mix(flows[Int(pool[x].flow)].entropy ^ salts[node.index])
        switch config.loadBalancing {
        case .ecmp:
            return routing.hops[candidates.lowerBound + Int(hash % UInt64(count))].index
        case .spray:
            let turn = Int(sprayCursor[node.index] % UInt32(count))
            sprayCursor[node.index] &+= 1
            return routing.hops[candidates.lowerBound + turn].index
        case .adaptive:
            // Least-occupied egress (queued bytes, plus the packet being sent); the flow hash picks where the
            // scan starts, so ties spread over the ports.
            let start = Int(hash % UInt64(count))
            var best = routing.hops[candidates.lowerBound + start].index
            var bestLoad = Int64.max
            for i in 0..<count {
                let port = routing.hops[candidates.lowerBound + (start + i) % count].index
                guard ports[port].up else { continue }
                let load = ports[port].queuedBytes + (ports[port].busy ? ports[port].currentBytes : 0)
                if load < bestLoad {
                    bestLoad = load
                    best = port
                }
            }
            return best
        }
    }
}
