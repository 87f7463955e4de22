import FabricKernel
import FabricTopology
import FabricTransport

/// ECN marking at switch egress (`ECNConfig`): each port's RED curve and the random stream the draws come from
/// (`network.ecn`, so that marking reshuffles no other randomness). The curves are resolved once, from each port's
/// nominal rate, when the network is built: a threshold given per unit of rate (the `rate` preset's 100 KB per
/// 25 Gb/s) costs nothing per packet, and a host's port gets a curve that never marks (NICs do not mark). A link
/// degraded by a fault keeps its port's thresholds, as a switch keeps its configured ECN profile. The rules of
/// where it marks: PacketNetwork+ECN.swift.
struct ECNMarker: Sendable {
    let config: ECNConfig?
    /// By port.
    let curves: [ECNThresholds]
    private var stream: RandomStream

    init(_ config: ECNConfig?, topology: Topology, seed: UInt64) {
        self.config = config
        curves =
            config.map { config in
                topology.ports.map { port in
                    topology.hostIndex[port.node.index] >= 0 ? .never : config.thresholds(at: port.rate)
                }
            } ?? []
        stream = RandomStream(seed: seed, name: "network.ecn")
    }

    var isOn: Bool { config != nil }

    /// Whether a data packet leaving a queue of `queueBytes` at `port` is marked: with the RED probability, a draw
    /// only when it is strictly between 0 and 1.
    @inline(__always)
    mutating func marks(port: Int, queueBytes: Int64) -> Bool {
        let probability = curves[port].probability(queueBytes: queueBytes)
        return probability >= 1 || probability > 0 && stream.nextUnit() < probability
    }
}
