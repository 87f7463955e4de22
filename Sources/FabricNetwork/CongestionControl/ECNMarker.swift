import FabricKernel
import FabricTransport

/// ECN marking at switch egress (`ECNConfig`): the RED curve and the random stream its draws come from
/// (`network.ecn`, so that marking reshuffles no other randomness). The rules of where it marks:
/// PacketNetwork+ECN.swift.
struct ECNMarker: Sendable {
    let config: ECNConfig?
    private var stream: RandomStream

    init(_ config: ECNConfig?, seed: UInt64) {
        self.config = config
        stream = RandomStream(seed: seed, name: "network.ecn")
    }

    var isOn: Bool { config != nil }

    /// Whether a data packet leaving a queue of `queueBytes` is marked: with the RED probability, a draw only
    /// when it is strictly between 0 and 1.
    @inline(__always)
    mutating func marks(queueBytes: Int64) -> Bool {
        guard let config else { return false }
        let probability = config.probability(queueBytes: queueBytes)
        return probability >= 1 || probability > 0 && stream.nextUnit() < probability
    }
}
