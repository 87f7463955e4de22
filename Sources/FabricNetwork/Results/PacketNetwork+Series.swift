import FabricKernel
import FabricMetrics
import FabricTopology
import FabricTransport

/// The packet network's series, read from its state between slices of events (nothing is added to the
/// network's hot path): the fabric as a whole (switch queues, packets in flight, flows completed, goodput,
/// drops, ECN marks, pause frames); utilisation by tier and direction (`leaf→spine`); the queue depth of every
/// switch egress port; under PFC, the fraction of time each port was paused. A network scenario samples them
/// over its run, a training job over each step (docs/results-format.md).
extension PacketNetwork {
    public func seriesDescriptors() -> [SeriesDescriptor] {
        var descriptors = [
            SeriesDescriptor("switch_queue_bytes", unit: "bytes", kind: .level),
            SeriesDescriptor("packets_in_flight", unit: "packets", kind: .level),
            SeriesDescriptor("flows_completed", unit: "flows", kind: .level),
            SeriesDescriptor("goodput", unit: "bit/s", kind: .rate),
            SeriesDescriptor("drops", unit: "1/s", kind: .rate),
            SeriesDescriptor("ecn_marks", unit: "1/s", kind: .rate),
            SeriesDescriptor("pause_frames", unit: "1/s", kind: .rate),
        ]
        for tier in seriesPorts.tiers.tiers {
            descriptors.append(SeriesDescriptor("utilisation", subject: tier.label, unit: "fraction", kind: .rate))
        }
        let names = topology.linkNames
        for p in seriesPorts.switchPorts {
            descriptors.append(SeriesDescriptor("queue_bytes", subject: names[p], unit: "bytes", kind: .level))
        }
        // Under PFC, the fraction of each interval a port was paused (any class), NICs included: the time paused
        // so far, a pause still in force counted up to the sample (PacketNetwork.timePaused(port:now:)).
        if config.flowControl == .pfc {
            for p in topology.ports.indices {
                descriptors.append(SeriesDescriptor("paused", subject: names[p], unit: "fraction", kind: .rate))
            }
        }
        return descriptors
    }

    /// Allocates nothing: a training job reads it a few thousand times a step (FabricWorkload, TrainingRun+Series.swift).
    public func sampleSeries(now: SimTime, into readings: inout [Double]) {
        let switchPorts = seriesPorts.switchPorts
        var switchQueued: Int64 = 0
        for p in switchPorts { switchQueued += ports[p].queuedBytes }
        var i = 0
        func put(_ value: Double) {
            readings[i] = value
            i += 1
        }
        put(Double(switchQueued))
        put(Double(packetsInFlight))
        put(Double(counters.flowsCompleted))
        put(Double(counters.goodputBytes) * 8)
        put(Double(counters.packetsDropped))
        put(Double(counters.ecnMarks))
        put(Double(counters.pauseFrames))
        // Mean busy seconds per port of each tier: its rate is the tier's mean utilisation. Summed in port order
        // in the tiers' own readings.
        let tiers = seriesPorts.tiers
        let base = i
        for t in tiers.tiers.indices { readings[base + t] = 0 }
        for p in topology.ports.indices { readings[base + tiers.tierOfPort[p]] += busyTime(port: p, now: now).seconds }
        for (t, tier) in tiers.tiers.enumerated() { readings[base + t] /= Double(max(1, tiers.portsInSlot[tier.slot])) }
        i += tiers.tiers.count
        for p in switchPorts { put(Double(ports[p].queuedBytes)) }
        if config.flowControl == .pfc {
            for p in topology.ports.indices { put(timePaused(port: p, now: now).seconds) }
        }
    }
}

/// What the packet network's series read, worked out once from the topology when the network is built: the tiers
/// of its links, and the egress ports of its switches in port order (where queues build).
struct SeriesPorts: Sendable {
    let tiers: LinkTiers
    let switchPorts: [Int]

    init(_ topology: Topology) {
        tiers = LinkTiers(topology)
        switchPorts = topology.ports.indices.filter { topology.nodes[topology.ports[$0].node.index].role != .host }
    }
}
