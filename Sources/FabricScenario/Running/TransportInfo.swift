import FabricTransport

/// `fabricsim info` lines for what the NICs and the collective library do with a network, shared by every
/// scenario that has one: the profile the keys came from, the congestion controller, and the connections.
enum TransportInfo {
    static func lines(_ spec: NetworkScenario) -> [(String, String)] {
        var lines: [(String, String)] = []
        if let profile = spec.profile { lines.append(("network profile", profile)) }
        var controller = spec.controller
        if case .dcqcn(let d) = spec.network.congestionControl,
            d.additiveIncrease.isPerRate || d.hyperIncrease.isPerRate
        {
            // The steps at each line rate the NICs have.
            let rates = Set(
                spec.topology.hosts.flatMap { spec.topology.nodes[$0.index].ports.map { spec.topology.ports[$0].rate } }
            )
            .sorted()
            controller +=
                ": R_AI, R_HAI "
                + rates.map { "\(d.additiveIncrease.at($0)), \(d.hyperIncrease.at($0)) at \($0) NICs" }.joined(
                    separator: "; ")
        }
        lines.append(("congestion control", controller))
        if let credits = spec.network.receiverCredits {
            lines.append(
                (
                    "receiver credits",
                    "\(ScenarioInfo.format(credits.budget)) BDP + \(credits.grantPackets) packets in flight per receiver, granted \(credits.grantPackets) packets at a time; \(credits.unsolicitedPackets) unsolicited per flow"
                ))
        }
        let c = spec.network.connections
        if c.queuePairs > 1 || c.admission != nil {
            var text = "\(c.queuePairs) queue pair\(c.queuePairs == 1 ? "" : "s") per connection"
            if c.queuePairs > 1 { text += ", \(c.queuePairUse.rawValue)" }
            if let admitted = c.admission {
                text += "; receivers admit \(admitted) message\(admitted == 1 ? "" : "s") at a time"
            }
            lines.append(("connections", text))
        }
        return lines
    }
}

/// How `fabricsim info` names the load balancer: its name, and for entropy spraying the entropies per flow.
enum LoadBalancingInfo {
    static func text(_ config: NetworkConfig) -> String {
        guard config.loadBalancing == .entropySpray else { return config.loadBalancing.rawValue }
        return "entropy-spray over \(config.sprayEntropies) entropies per flow"
    }
}
