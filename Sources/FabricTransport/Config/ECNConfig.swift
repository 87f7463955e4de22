import FabricKernel

/// ECN marking at switch egress, RED-style on the instantaneous queue (Floyd and Jacobson 1993; DCQCN, Zhu et al.
/// 2015): probability 0 below `kmin` bytes, rising linearly to `pmax` at `kmax`, 1 above.
public struct ECNConfig: Sendable, Equatable {
    public var kmin: ByteCount
    public var kmax: ByteCount
    public var pmax: Double

    public init(kmin: ByteCount, kmax: ByteCount, pmax: Double) {
        self.kmin = kmin
        self.kmax = kmax
        self.pmax = pmax
    }

    /// The marking probability for a packet joining a queue of `queueBytes`.
    public func probability(queueBytes: Int64) -> Double {
        if queueBytes <= kmin.bytes { return 0 }
        if queueBytes > kmax.bytes { return 1 }
        return pmax * Double(queueBytes - kmin.bytes) / Double(kmax.bytes - kmin.bytes)
    }

    /// The DCQCN paper's thresholds (Zhu et al., SIGCOMM 2015, at 40 Gb/s): Kmin 5 KB, Kmax 200 KB, Pmax 1 %.
    public static let dcqcnPaper = ECNConfig(kmin: ByteCount(5_000), kmax: ByteCount(200_000), pmax: 0.01)
}
