import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload

/// Check 4c: every congestion controller on the two experiments that say whether it holds at 100–400 Gb/s (issue
/// 17's harness). Incast: N senders into one host through one switch, 80 µs of line rate each (1 MB at 100 Gb/s,
/// 4 MB at 400 Gb/s); the last byte against the wire bound — every wire byte through the receiver's port, plus the
/// first packet's way in and the last ACK's way back — passes at ≤ 1.3×, with no drop (every controller here runs
/// over PFC, so all are lossless). Long flows: N flows into one host, starting 0.5 ms apart; over the last 8 ms of
/// a 10 ms run after the last start, Jain's index ≥ 0.95 and the goodput at least 95 % of what the controller
/// aims to fill — the link's payload rate, or for HPCC its target η of it (Li et al. 2019: η = 95 %).
///
/// Controllers: DCQCN with the set for the link's rate (the RoCE default), HPCC (the paper's η and maxStage),
/// Swift (`SwiftCongestionConfig.standard`), none over PFC as the baseline — ECN only under DCQCN — and NSCC as
/// Ultra Ethernet runs it, lossy with trimming (its drops are reported, not required to be 0). One switch, 500 ns
/// cables, the RoCE framing and PFC defaults, seed 1. Library-level, as check 3: the section runs in seconds in
/// release.
public struct CongestionHarnessCheck {
    public init() {}

    static let delay = SimTime.nanoseconds(500)

    struct Controller {
        var name: String
        var config: NetworkConfig
        /// The fraction of the payload rate the controller aims to fill.
        var target: Double
        /// Whether it runs over a lossless fabric (PFC): then an incast must drop nothing.
        var lossless = true
    }

    static var controllers: [Controller] {
        var dcqcn = NetworkConfig.roce
        dcqcn.congestionControl = .dcqcn(.perLinkRate)
        dcqcn.ecn = .perLinkRate
        var hpcc = NetworkConfig.roce
        hpcc.ecn = nil
        hpcc.congestionControl = .hpcc(.paper)
        var swift = NetworkConfig.roce
        swift.ecn = nil
        swift.congestionControl = .swift(.standard)
        var none = NetworkConfig.roce
        none.ecn = nil
        none.congestionControl = .none
        // NSCC as Ultra Ethernet runs it (NSCCTests): lossy with trimming, reordering receivers, ECN from 0.2 to
        // 0.8 of the BDP (10 and 40 KB at 100 Gb/s, in proportion at 400) at Pmax 1, as UEC's htsim model sets it.
        var nscc = NetworkConfig.lossyEthernet
        nscc.trimming = true
        nscc.receiver = .selective
        nscc.ecn = ECNConfig(
            kmin: .perRate(ByteCount(10_000), unit: .gigabitsPerSecond(100)),
            kmax: .perRate(ByteCount(40_000), unit: .gigabitsPerSecond(100)), pmax: 1)
        nscc.congestionControl = .nscc(.standard)
        return [
            Controller(name: "dcqcn (rate set)", config: dcqcn, target: 1),
            Controller(name: "hpcc", config: hpcc, target: HPCCConfig.paper.targetUtilisation),
            Controller(name: "swift", config: swift, target: 1),
            Controller(name: "none (PFC)", config: none, target: 1),
            Controller(name: "nscc (lossy, trimming)", config: nscc, target: 1, lossless: false),
        ]
    }

    static func star(hosts: Int, rate: Bandwidth) throws -> Topology {
        var builder = TopologyBuilder(kind: "custom")
        let ids = (0..<hosts).map { builder.addNode(.host, name: "h\($0)") }
        let s = builder.addNode(.leaf, name: "s0")
        for h in ids { builder.connect(h, s, rate: rate, delay: delay) }
        return try builder.build()
    }

    /// The switch port towards host 0.
    static func bottleneck(_ topology: Topology) -> Int {
        topology.ports.indices.first {
            topology.nodes[topology.ports[$0].node.index].role == .leaf
                && topology.neighbour(through: PortID($0)) == topology.hosts[0]
        }!
    }

    struct Incast {
        var factor: Double
        var drops: Int64
        var pauses: Int64
        var retransmissions: Int64
        var trims: Int64
        var cnps: Int64
        var peakQueue: Int64
    }

    static func incast(_ controller: Controller, senders: Int, gbps: Int64) throws -> Incast {
        let rate = Bandwidth.gigabitsPerSecond(gbps)
        let config = controller.config
        let bytes = 10_000 * gbps
        let topology = try star(hosts: senders + 1, rate: rate)
        let requests = (1...senders).map { FlowRequest(source: $0, destination: 0, bytes: bytes, start: .zero) }
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: requests))
        simulator.start()
        _ = simulator.run(until: .milliseconds(100))
        let network = simulator.model.network
        let packet = rate.serializationTime(of: ByteCount(Int64(config.wireBytes(payload: config.mtu))))
        let ack = rate.serializationTime(of: ByteCount(Int64(config.ackBytes)))
        let packetsPerFlow = (bytes + Int64(config.mtu) - 1) / Int64(config.mtu)
        let wireBytes = Int64(senders) * (bytes + packetsPerFlow * Int64(config.headerBytes))
        let oneWay = delay * 2 + config.switchLatency
        let bound =
            packet + delay + config.switchLatency + rate.serializationTime(of: ByteCount(wireBytes)) + delay + ack * 2
            + oneWay
        let finishes = (0..<senders).compactMap { network.finishTime(of: $0) }
        let last = finishes.count == senders ? finishes.max()!.seconds : .infinity
        let c = network.counters
        return Incast(
            factor: last / bound.seconds, drops: Int64(c.packetsDropped), pauses: Int64(c.pauseFrames),
            retransmissions: Int64(c.retransmittedPackets), trims: Int64(c.packetsTrimmed), cnps: Int64(c.cnpsSent),
            peakQueue: network.ports[bottleneck(topology)].peakQueuedBytes)
    }

    struct Sharing {
        var jain: Double
        /// Goodput over the payload rate.
        var utilisation: Double
        /// From the last flow's start to the end of the first 1 ms window from which on every window has
        /// Jain ≥ 0.95; nil when none is.
        var convergence: SimTime?
        var pauses: Int64
    }

    static let stagger = SimTime.microseconds(500)
    static let runAfterLast = 10

    static func longFlows(_ controller: Controller, flows n: Int, gbps: Int64) throws -> Sharing {
        let rate = Bandwidth.gigabitsPerSecond(gbps)
        let config = controller.config
        let topology = try star(hosts: n + 1, rate: rate)
        let requests = (1...n).map {
            FlowRequest(
                source: $0, destination: 0, bytes: 100_000_000_000, start: stagger * Int64($0 - 1))
        }
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: requests))
        simulator.start()
        let lastStart = stagger * Int64(n - 1)
        var marks: [[Double]] = []
        for ms in 0...runAfterLast {
            _ = simulator.run(until: lastStart + .milliseconds(Int64(ms)))
            marks.append(requests.indices.map { Double(simulator.model.network.deliveredBytes(of: $0)) })
        }
        func jain(_ a: Int, _ b: Int) -> (jain: Double, bytes: Double) {
            let d = zip(marks[b], marks[a]).map { $0 - $1 }
            let sum = d.reduce(0, +)
            return (sum * sum / (Double(n) * d.map { $0 * $0 }.reduce(0, +)), sum)
        }
        let (index, bytes) = jain(2, runAfterLast)
        let payloadRate = Double(rate.bitsPerSecond) * config.payloadEfficiency
        let utilisation = bytes * 8 / (Double(runAfterLast - 2) * 0.001) / payloadRate
        let fair = (0..<runAfterLast).map { jain($0, $0 + 1).jain >= 0.95 }
        let settled = (0..<runAfterLast).first { fair[$0...].allSatisfy { $0 } }
        return Sharing(
            jain: index, utilisation: utilisation, convergence: settled.map { .milliseconds(Int64($0 + 1)) },
            pauses: Int64(simulator.model.network.counters.pauseFrames))
    }

    /// Misses this page explains rather than fails, by controller and case: each one measured, and open.
    static func knownMiss(_ controller: String, _ label: String) -> String? {
        if controller == "hpcc", label.contains("4 long flows at 100 Gb/s") {
            return
                "the model's HPCC does not converge here: from about 10 ms one flow holds 70–74 Gb/s and the others 2–8 Gb/s, to 40 ms at least (probed); 2 flows, and 4 at 400 Gb/s, pass — open in issue 17"
        }
        return nil
    }

    /// One incast's last byte over its wire bound, for the controller named as the table names it (`none (PFC)`,
    /// `dcqcn (rate set)`, …).
    public func incastFactor(controller name: String, senders: Int, gbps: Int64) throws -> Double {
        guard let controller = Self.controllers.first(where: { $0.name == name }) else {
            throw ScenarioProbe.Failure(description: "no controller named '\(name)' in the harness")
        }
        return try Self.incast(controller, senders: senders, gbps: gbps).factor
    }

    public func table() throws -> ValidationTable {
        var rows: [ValidationRow] = []
        var incastTable =
            "| controller | incast | last byte ÷ wire bound | drops | pause frames | trims | retransmissions | CNPs | peak queue |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
        var sharingTable =
            "| controller | long flows | Jain, last 8 ms | payload rate used | converged by (every later 1 ms window Jain ≥ 0.95) | pause frames |\n|---|---|---:|---:|---:|---:|\n"
        for controller in Self.controllers {
            for gbps: Int64 in [100, 400] {
                for senders in [8, 32] {
                    let f = try Self.incast(controller, senders: senders, gbps: gbps)
                    let label = "\(controller.name): \(senders)-to-1 incast at \(gbps) Gb/s, last byte ÷ wire bound"
                    let passed = f.factor <= 1.3 && (f.drops == 0 || !controller.lossless)
                    rows.append(
                        ValidationRow(
                            label: label,
                            simulated: Format.number(f.factor, digits: 2) + "×, \(Format.count(f.drops)) drops",
                            reference: controller.lossless ? "≤ 1.30×, 0 drops" : "≤ 1.30× (lossy)",
                            difference: f.factor <= 1.3 ? "inside" : Format.percent(f.factor / 1.3 - 1) + " outside",
                            tolerance: "the range",
                            verdict: passed
                                ? .pass : Self.knownMiss(controller.name, label).map { .knownMiss($0) } ?? .fail))
                    incastTable +=
                        "| \(controller.name) | \(senders) → 1 at \(gbps) Gb/s | \(Format.number(f.factor, digits: 3)) | \(Format.count(f.drops)) | \(Format.count(f.pauses)) | \(Format.count(f.trims)) | \(Format.count(f.retransmissions)) | \(Format.count(f.cnps)) | \(Format.number(Double(f.peakQueue) / 1e6, digits: 2)) MB |\n"
                }
            }
            for gbps: Int64 in [100, 400] {
                for n in [2, 4] {
                    let s = try Self.longFlows(controller, flows: n, gbps: gbps)
                    let label = "\(controller.name): \(n) long flows at \(gbps) Gb/s, Jain and payload rate used"
                    let floor = 0.95 * controller.target
                    let passed = s.jain >= 0.95 && s.utilisation >= floor
                    rows.append(
                        ValidationRow(
                            label: label,
                            simulated: Format.number(s.jain, digits: 3) + ", "
                                + Format.percent(s.utilisation, signed: false),
                            reference: "≥ 0.950, ≥ " + Format.percent(floor, signed: false),
                            difference: passed ? "inside" : "outside", tolerance: "the range",
                            verdict: passed
                                ? .pass : Self.knownMiss(controller.name, label).map { .knownMiss($0) } ?? .fail))
                    let converged =
                        s.convergence.map { "\($0.rawValue / 1_000_000_000) ms" }
                        ?? "not within \(Self.runAfterLast) ms"
                    sharingTable +=
                        "| \(controller.name) | \(n) at \(gbps) Gb/s | \(Format.number(s.jain, digits: 3)) | \(Format.percent(s.utilisation, signed: false)) | \(converged) | \(Format.count(s.pauses)) |\n"
                }
            }
        }
        return ValidationTable(
            name: "congestion-harness", rows: rows,
            notes: [
                "Incast figures (80 µs of line rate per sender: 1 MB at 100 Gb/s, 4 MB at 400 Gb/s; peak queue at the receiver's switch port):",
                incastTable,
                "Long flows (started 0.5 ms apart; Jain and goodput over 2–10 ms after the last start; convergence counted from the last start):",
                sharingTable,
                "Setup: one switch, 500 ns cables, RoCE framing, seed 1; PFC (dynamic XOFF, 32 MB buffer) under all but NSCC, which runs lossy with trimming and reordering receivers, marking from 0.2 to 0.8 of the BDP. HPCC's goodput floor is 95 % of its target η = 95 %. Sources/FabricValidation/CongestionHarnessCheck.swift.",
            ])
    }
}
