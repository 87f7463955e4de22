import FabricKernel
import FabricTopology

/// The equal-cost multipath hash both fidelities share, so that a flow takes the same path as flow and as
/// packets: each switch has a salt drawn from the scenario seed, each flow an entropy (the UDP source port of
/// RoCEv2), and the port is `mix(entropy ^ salt) % candidates`.
public enum ECMP {
    /// One salt per node, from the stream `network.ecmp-salt`.
    public static func salts(_ topology: Topology, seed: UInt64) -> [UInt64] {
        var stream = RandomStream(seed: seed, name: "network.ecmp-salt")
        return topology.nodes.map { _ in stream.next() }
    }

    /// The stream flows draw their entropy from, in the order they are sent.
    public static func entropyStream(seed: UInt64) -> RandomStream {
        RandomStream(seed: seed, name: "network.flow-entropy")
    }

    /// The entropy of queue pair `queuePair` of the connection from GPU `source` to GPU `destination`: the same
    /// for every message on it, so that ECMP keeps a connection's queue pair on one path, as a RoCEv2 NIC does by
    /// deriving the UDP source port from the queue pair. Not from the seed: the switches' salts are.
    public static func connectionEntropy(source: Int, destination: Int, queuePair: Int) -> UInt64 {
        mix(
            UInt64(truncatingIfNeeded: source) << 40 ^ UInt64(truncatingIfNeeded: destination) << 12
                ^ UInt64(truncatingIfNeeded: queuePair) ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// SplitMix64's finaliser: spreads a 64-bit key over all 64 bits, so `hash % n` is balanced.
    @inlinable
    public static func mix(_ key: UInt64) -> UInt64 {
        var z = key
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
