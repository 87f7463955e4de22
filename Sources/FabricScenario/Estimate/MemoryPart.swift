import FabricKernel
import FabricNetwork
import FabricReferenceModels
import FabricTransport

/// One part of a run's peak memory: what it is, its bytes, and the counts it comes from (for messages).
///
/// The bytes per item are what the model's data structures take (a packet is a 56-byte struct in a pool that
/// grows by doubling; a routing table costs 4 bytes per entry and per next hop, twice that while it is built),
/// checked against peak resident memory measured with /usr/bin/time -v on the bundled scenarios and on fabrics
/// up to a k = 40 fat-tree (docs/estimates.md). They are upper bounds: the estimate should exceed the measured
/// peak, by a small factor.
public struct MemoryPart: Sendable, Equatable {
    public var name: String
    public var bytes: Double
    /// How the figure comes about: `70,656 nodes × 2,048 destination leaves + 404 M next hops, 8 bytes each`.
    public var detail: String

    /// Resident memory of the process before any model is built (runtime, libraries, the scenario).
    static let baseline = 32.0 * 1024 * 1024

    enum Bytes {
        static let node = 160.0
        static let port = 48.0
        static let server = 200.0
        /// While a routing table is built: a count and a start per entry, each next hop twice (4 bytes each).
        static let routingWhileBuilt = 8.0
        /// Port state of the packet model, and per traffic class of each port.
        static let portState = 160.0
        static let portClass = 80.0
        /// A packet in the pool, with the pool's growth by doubling and its acknowledgement.
        static let packet = 4 * 56.0
        static let flow = 600.0
        static let operation = 150.0
        static let record = 300.0
        /// A pending event in the kernel's queue, with its buckets' slack (measured: 40 bytes with 50 million pending).
        static let event = 48.0
        static let span = 96.0
    }

    static func parts(_ scenario: Scenario, work: RunWork) -> [MemoryPart] {
        var parts = [MemoryPart(name: "runtime", bytes: baseline, detail: "the process before any model")]
        func add(_ name: String, _ bytes: Double, _ detail: String) {
            if bytes > 0 { parts.append(MemoryPart(name: name, bytes: bytes, detail: detail)) }
        }
        if let size = work.fabric {
            parts += fabricParts(size, rerouting: work.rerouting)
            let classes = Double(work.classes)
            let perPort = Bytes.portState + classes * Bytes.portClass
            // A training step runs on a copy of the network, so its state is held twice.
            let copies: Double = if case .training = scenario.model { 2 } else { 1 }
            add(
                "port state", copies * size.ports * perPort,
                "\(count(size.ports)) ports × \(Int(classes)) traffic classes")
            if let network = scenario.model.network?.network, scenario.fidelity == .packet {
                let packets = work.inFlightBytes / Double(network.mtu + network.headerBytes)
                add(
                    "packets in flight", copies * packets * Bytes.packet,
                    "up to \(count(packets)) packets: the fabric's buffers full, or all the traffic")
            }
        }
        add("flows", work.flows * Bytes.flow, "\(count(work.flows)) flows")
        add("schedule", work.operations * Bytes.operation, "\(count(work.operations)) operations")
        add("records", work.records * Bytes.record, "\(count(work.records)) steps or sizes")
        add("pending events", work.pending * Bytes.event, "\(count(work.pending)) events at once")
        let output = scenario.output
        // A training job keeps the slowest step's series beside the step it samples (TrainingRun+Series.swift).
        let seriesCopies: Double = if case .training = scenario.model { 2 } else { 1 }
        add(
            "series", seriesCopies * Double(output.seriesMemory.bytes),
            seriesCopies > 1 ? "2 × output.series_memory: the step sampled and the slowest one" : "output.series_memory"
        )
        if output.formats.contains(.trace) || output.formats.contains(.html) {
            add("timeline", Double(output.traceSpans) * Bytes.span, "output.trace_spans \(output.traceSpans)")
        }
        if case .phold(let config) = scenario.model {
            add("entities", Double(config.entities) * 16, "\(config.entities) entities")
        }
        return parts
    }

    /// The fabric alone: its graph and its routing table, the parts known from the topology section before anything
    /// is built (checked before the topology is built).
    static func fabricParts(_ size: TopologySize, rerouting: Bool) -> [MemoryPart] {
        let entries = size.routingEntries
        // After a fault the new table is built while the old one still routes.
        let tables = rerouting ? 1.5 : 1
        return [
            MemoryPart(
                name: "topology",
                bytes: size.nodes * Bytes.node + size.ports * Bytes.port + size.servers * Bytes.server,
                detail: "\(count(size.nodes)) nodes, \(count(size.ports)) ports"),
            MemoryPart(
                name: "routing table", bytes: tables * (entries + size.hops) * Bytes.routingWhileBuilt,
                detail:
                    "\(count(size.nodes)) nodes × \(count(size.columns)) destination leaves and \(count(size.hops)) next hops"
            ),
        ]
    }

    static func count(_ value: Double) -> String { ScenarioEstimate.count(value) }
}
