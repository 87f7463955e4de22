import FabricKernel
import FabricMetrics
import FabricTopology

/// The columns every port table starts with, in this order, so that the tables of both fidelities and of
/// collective episodes summed over a run read alike. Queue figures a model cannot see are null (not
/// available), never a zero it did not measure.
public enum PortTable {
    public static func row(
        _ p: Int, topology: Topology, rate: Bandwidth, utilisation: Double, packets: Int64, bytes: Int64,
        queues: PortQueues?
    ) -> ResultObject {
        var row = ResultObject()
        row["port"] = .integer(p)
        row["from"] = .string(topology.nodes[topology.ports[p].node.index].name)
        row["to"] = .string(topology.nodes[topology.neighbour(through: PortID(p)).index].name)
        row["link"] = .string(topology.linkName(PortID(p)))
        row["rate"] = .string(rate.description)
        row["utilisation"] = .double(utilisation)
        row["packets"] = .integer(packets)
        row["bytes"] = .integer(bytes)
        row["peak_queue_bytes"] = queues.map { .integer($0.peakQueuedBytes) } ?? .null
        row["drops"] = queues.map { .integer($0.drops) } ?? .null
        row["credit_stall_us"] = queues.map { .double($0.creditStallTime.seconds * 1e6) } ?? .null
        return row
    }
}
