import FabricKernel
import FabricTopology
import FabricTransport

extension PacketNetwork {
    /// A packet has arrived at switch `node` through port `ingress`: choose its egress among the equal-cost
    /// ports, admit it to the shared buffer (or drop it, or trim it), and queue it.
    mutating func forward(_ x: UInt32, at node: NodeID, ingress: Int, _ scheduler: inout Scheduler) {
        pool[x].ingress = UInt32(ingress)
        let trafficClass = Int(pool[x].trafficClass)
        let bytes = Int64(pool[x].bytes)
        switch config.flowControl {
        case .credits: credits.hold(ingress * classes + trafficClass, bytes: bytes)
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
        if config.flowControl == .none, !buffer.admits(bytes, queueBytes: queues[q].bytes, at: node.index) {
            if trimming, pool[x].kind == .data {
                trim(x, at: node, egress: egress, &scheduler)
            } else {
                drop(x, at: egress, ingress: nil, reason: .bufferFull, &scheduler)
            }
            return
        }
        enqueue(x, bytes: bytes, at: node, queue: q, egress: egress, &scheduler)
    }

    /// Packet `x` of `bytes` wire bytes, admitted at switch `node`, joins egress queue `q` of port `egress`.
    @inline(__always)
    mutating func enqueue(
        _ x: UInt32, bytes: Int64, at node: NodeID, queue q: Int, egress: Int, _ scheduler: inout Scheduler
    ) {
        buffer.hold(bytes, at: node.index)
        queues[q].append(x, in: &pool)
        ports[egress].queuedBytes += bytes
        if ports[egress].queuedBytes > ports[egress].peakQueuedBytes {
            ports[egress].peakQueuedBytes = ports[egress].queuedBytes
        }
        if !ports[egress].busy { tryTransmit(port: egress, &scheduler) }
    }

    /// One of the equal-cost ports `routing.hops[candidates]`, by the load balancer in force.
    mutating func chooseEgress(_ candidates: Range<Int>, at node: NodeID, packet x: UInt32) -> Int {
        if candidates.count == 1 { return routing.hops[candidates.lowerBound].index }
        let entropy = sprays ? packetEntropies.entropy(x) : flows[Int(pool[x].flow)].entropy
        let hash = ECMP.mix(entropy ^ salts[node.index])
        return balancing.choose(candidates, hops: routing.hops, at: node.index, hash: hash, ports: ports)
    }
}
