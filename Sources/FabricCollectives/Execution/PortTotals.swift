import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricTopology

/// Per-port counters summed over several networks that ran one after another on the same topology (the
/// episodes of a collective sweep or of a training run), and the port table built from them.
public struct PortTotals: Sendable {
    public private(set) var busy: [SimTime]
    public private(set) var bytes: [Int64]
    public private(set) var packets: [Int64]
    public private(set) var peakQueue: [Int64]
    public private(set) var drops: [Int64]
    public private(set) var creditStall: [SimTime]
    /// Pause frames and ECN marks over all ports: the lossless Ethernet signals, beside InfiniBand's credit stalls.
    public private(set) var pauseFramesSent: Int64 = 0
    public private(set) var ecnMarks: Int64 = 0

    public init(ports: Int) {
        busy = Array(repeating: .zero, count: ports)
        bytes = Array(repeating: 0, count: ports)
        packets = Array(repeating: 0, count: ports)
        peakQueue = Array(repeating: 0, count: ports)
        drops = Array(repeating: 0, count: ports)
        creditStall = Array(repeating: .zero, count: ports)
    }

    public mutating func add(_ network: some Transport) {
        for (p, port) in network.ports.enumerated() {
            busy[p] += port.busyTime
            bytes[p] += port.bytesSent
            packets[p] += port.packetsSent
            peakQueue[p] = max(peakQueue[p], port.peakQueuedBytes)
            drops[p] += port.drops
            creditStall[p] += port.creditStallTime
            pauseFramesSent += port.pauseFramesSent
            ecnMarks += port.ecnMarks
        }
    }

    /// The flow-control headline figures, named as the packet network's own (`pause_frames`, `ecn_marks`,
    /// `credit_stall_us`), so that a sweep sets InfiniBand and RoCEv2 side by side whatever the model.
    public func flowControlFigures(into metrics: inout ResultObject) {
        metrics["pause_frames"] = .integer(pauseFramesSent)
        metrics["ecn_marks"] = .integer(ecnMarks)
        metrics["credit_stall_us"] = .double(creditStall.reduce(SimTime.zero, +).seconds * 1e6)
    }

    /// Ports that carried traffic, busiest first (at most `limit`): utilisation over `elapsed`, bytes, peak
    /// queue, drops, credit stalls — the columns of the network's own port table; with a `window` (the time the
    /// job's transfers were in flight, summed over its episodes), also `utilisation_while_communicating`: the
    /// port's busy time over that window, what utilisation over the whole run dilutes with the compute phases.
    public func table(_ topology: Topology, elapsed: SimTime, window: SimTime? = nil, limit: Int = .max)
        -> [ResultValue]
    {
        let span = Double(max(elapsed.rawValue, 1))
        let order = busy.indices.filter { packets[$0] > 0 || drops[$0] > 0 }
            .sorted { (busy[$0], $1) > (busy[$1], $0) }
            .prefix(limit)
        return order.map { p in
            var row = PacketNetwork.portRow(
                p, topology: topology, rate: topology.ports[p].rate, utilisation: Double(busy[p].rawValue) / span,
                packets: packets[p], bytes: bytes[p], peakQueue: peakQueue[p], drops: drops[p],
                creditStall: creditStall[p])
            if let window {
                row["utilisation_while_communicating"] =
                    window > .zero ? .double(Double(busy[p].rawValue) / Double(window.rawValue)) : .null
            }
            return .object(row)
        }
    }
}
