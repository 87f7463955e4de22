import FabricKernel
import FabricMetrics
import FabricTopology
import FabricTransport

/// Per-port counters summed over several networks that ran one after another on the same topology (the
/// episodes of a collective sweep or of a training run), and the port table built from them.
public struct PortTotals: Sendable {
    public private(set) var busy: [SimTime]
    public private(set) var bytes: [Int64]
    public private(set) var packets: [Int64]
    public private(set) var peakQueue: [Int64]
    public private(set) var drops: [Int64]
    public private(set) var creditStall: [SimTime]
    /// Pause frames and ECN marks over all ports (the networks' counters): the lossless Ethernet signals, beside InfiniBand's credit stalls.
    public private(set) var pauseFramesSent: Int64 = 0
    public private(set) var ecnMarks: Int64 = 0
    /// The fidelity of the networks summed: what only packets show is written as null when it has none.
    public let fidelity: Fidelity

    public init(ports: Int, fidelity: Fidelity) {
        self.fidelity = fidelity
        busy = Array(repeating: .zero, count: ports)
        bytes = Array(repeating: 0, count: ports)
        packets = Array(repeating: 0, count: ports)
        peakQueue = Array(repeating: 0, count: ports)
        drops = Array(repeating: 0, count: ports)
        creditStall = Array(repeating: .zero, count: ports)
    }

    public mutating func add(_ network: some Transport) {
        for p in busy.indices {
            let port = network.port(p)
            busy[p] += port.busyTime
            bytes[p] += port.bytesSent
            packets[p] += port.packetsSent
            if let queues = port.queues {
                peakQueue[p] = max(peakQueue[p], queues.peakQueuedBytes)
                drops[p] += queues.drops
                creditStall[p] += queues.creditStallTime
            }
        }
        pauseFramesSent += network.counters.pauseFrames
        ecnMarks += network.counters.ecnMarks
    }

    /// The flow-control headline figures, named as the packet network's own (`pause_frames`, `ecn_marks`,
    /// `credit_stall_us`), so that a sweep sets InfiniBand and RoCEv2 side by side whatever the model.
    public func flowControlFigures(into metrics: inout ResultObject) {
        metrics["pause_frames"] = fidelity.packetFigure(.integer(pauseFramesSent))
        metrics["ecn_marks"] = fidelity.packetFigure(.integer(ecnMarks))
        metrics["credit_stall_us"] = fidelity.packetFigure(.double(creditStall.reduce(SimTime.zero, +).seconds * 1e6))
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
            let queues =
                fidelity.resolvesPackets
                ? PortQueues(peakQueuedBytes: peakQueue[p], drops: drops[p], creditStallTime: creditStall[p]) : nil
            var row = PortTable.row(
                p, topology: topology, rate: topology.ports[p].rate, utilisation: Double(busy[p].rawValue) / span,
                packets: packets[p], bytes: bytes[p], queues: queues)
            if let window {
                row["utilisation_while_communicating"] =
                    window > .zero ? .double(Double(busy[p].rawValue) / Double(window.rawValue)) : .null
            }
            return .object(row)
        }
    }
}
