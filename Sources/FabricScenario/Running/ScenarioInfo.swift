import FabricKernel
import FabricNetwork
import FabricReferenceModels
import FabricTopology
import FabricTransport
import Foundation

/// What a scenario builds, in numbers, before anything runs (`fabricsim info`).
public enum ScenarioInfo {
    public static func describe(_ scenario: Scenario) -> [(label: String, value: String)] {
        var lines: [(String, String)] = [
            ("scenario", scenario.name),
            ("model", scenario.model.name),
            ("seed", String(scenario.seed)),
        ]
        switch scenario.model {
        case .network, .collective, .training:
            lines.append(
                (
                    "fidelity",
                    scenario.fidelity.rawValue
                        + (scenario.fidelity == .flow
                            ? " (not modelled: " + scenario.fidelity.notModelled.joined(separator: ", ") + ")" : "")
                ))
        case .queueing, .phold: break
        }
        if scenario.stop.time != .max { lines.append(("stop at time", scenario.stop.time.description)) }
        if scenario.stop.events != .max { lines.append(("stop after events", String(scenario.stop.events))) }
        switch scenario.model {
        case .queueing(let config):
            lines.append(("stations", String(config.meanService.count)))
            lines.append(("arrival rate λ", format(config.arrivalRate) + " /s"))
            for (i, rho) in config.utilisations.enumerated() {
                lines.append(
                    ("station \(i + 1)", "mean service \(config.meanService[i]), utilisation ρ = \(format(rho))"))
            }
            lines.append(("theory: mean time in system", format(config.theoreticalMeanTimeInSystem * 1e6) + " us"))
            if let p99 = config.theoreticalTimeInSystem(quantile: 0.99) {
                lines.append(("theory: P99 time in system", format(p99 * 1e6) + " us"))
            }
            lines.append(("customers", "\(config.customers) measured after \(config.warmupCustomers) warm-up"))
        case .phold(let config):
            lines.append(("entities", String(config.entities)))
            lines.append(("pending events", String(config.population)))
            lines.append(("mean delay", "\(config.meanDelay) + lookahead \(config.lookahead)"))
            lines.append(("theory: event rate", format(config.theoreticalEventRate) + " per simulated second"))
        case .collective(let spec):
            lines += JobInfo.collective(spec)
        case .training(let spec):
            lines += JobInfo.training(spec)
        case .network(let spec):
            lines.append(("fabric", spec.fabricDescription))
            lines += TopologyFacts(spec.topology).lines
            let config = spec.network
            lines.append(("switching", "\(config.switching.rawValue), \(config.switchLatency) per switch"))
            switch config.flowControl {
            case .credits: lines.append(("flow control", "credits (\(config.creditBuffer) per input port and class)"))
            case .pfc:
                let xoff: String =
                    switch config.pfc.xoff {
                    case .fixed(let bytes): "XOFF at \(bytes)"
                    case .dynamic(let alpha): "XOFF at \(format(alpha)) × free buffer"
                    }
                lines.append(("flow control", "PFC, \(xoff), shared buffer \(config.switchBuffer)"))
            case .none:
                let full = config.trimming ? "trimming to \(config.trimmedBytes)-byte headers" : "tail drop"
                lines.append(
                    (
                        "flow control",
                        "none: shared buffer \(config.switchBuffer), alpha \(format(config.bufferAlpha)), \(full)"
                    ))
            }
            lines.append(("load balancing", LoadBalancingInfo.text(config)))
            lines.append(
                (
                    "packets",
                    "MTU \(config.mtu) B + \(config.headerBytes) B on the wire (\(format(config.payloadEfficiency * 100)) % payload)"
                ))
            if let traffic = spec.traffic {
                let requests = traffic.requests(hosts: spec.topology.hosts.count, seed: scenario.seed)
                let bytes = requests.reduce(Int64(0)) { $0 + $1.bytes }
                lines.append(("traffic", "\(requests.count) flows, \(ByteCount(bytes)) in all"))
            }
            for generator in spec.background { lines.append(("background", generator.summary)) }
            if config.flowControl == .pfc {
                lines.append(
                    (
                        "PFC",
                        "headroom \(ByteCount(spec.topology.ports.indices.map { PacketNetwork.headroom(rate: spec.topology.ports[$0].rate, delay: spec.topology.ports[$0].delay, config: config) }.max() ?? 0)) per port and class at most"
                    ))
            }
            if let ecn = config.ecn {
                if ecn.kmin.isPerRate || ecn.kmax.isPerRate {
                    // The thresholds at each rate of a switch port.
                    let topology = spec.topology
                    let rates = Set(
                        topology.ports.filter { topology.nodes[$0.node.index].role != .host }.map(\.rate)
                    ).sorted()
                    let at = rates.map { rate in
                        let t = ecn.thresholds(at: rate)
                        return "Kmin \(t.kmin), Kmax \(t.kmax) at \(rate) ports"
                    }
                    lines.append(
                        (
                            "ECN",
                            at.joined(separator: "; ")
                                + "; Pmax \(format(ecn.pmax)) (Kmin \(ecn.kmin), Kmax \(ecn.kmax) of the port's rate)"
                        ))
                } else {
                    lines.append(("ECN", "Kmin \(ecn.kmin), Kmax \(ecn.kmax), Pmax \(format(ecn.pmax))"))
                }
            }
            lines += TransportInfo.lines(spec)
            if !spec.faults.faults.isEmpty {
                lines.append(("faults", spec.faults.faults.map(\.description).joined(separator: "; ")))
            }
        }
        return lines + ScenarioEstimate(scenario).lines
    }

    static func format(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude != 0, magnitude < 1e-3 || magnitude >= 1e7 { return String(format: "%.4g", value) }
        return String(format: "%.4f", value).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
    }
}
