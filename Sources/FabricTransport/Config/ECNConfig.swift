import FabricKernel

/// ECN marking at switch egress, RED-style on the instantaneous queue (Floyd and Jacobson 1993; DCQCN, Zhu et al.
/// 2015): probability 0 below Kmin bytes, rising linearly to Pmax at Kmax, 1 above. Kmin and Kmax are fixed or in
/// proportion to the rate of the port that marks (`RateScaled`); `thresholds(at:)` gives one port's curve. The
/// source of each value: docs/network-model.md, "ECN marking".
public struct ECNConfig: Sendable, Equatable {
    public var kmin: RateScaled<ByteCount>
    public var kmax: RateScaled<ByteCount>
    public var pmax: Double

    public init(kmin: RateScaled<ByteCount>, kmax: RateScaled<ByteCount>, pmax: Double) {
        self.kmin = kmin
        self.kmax = kmax
        self.pmax = pmax
    }

    /// Fixed thresholds, the same at every port.
    public init(kmin: ByteCount, kmax: ByteCount, pmax: Double) {
        self.init(kmin: .fixed(kmin), kmax: .fixed(kmax), pmax: pmax)
    }

    /// The curve of a port of `rate`.
    public func thresholds(at rate: Bandwidth) -> ECNThresholds {
        ECNThresholds(kmin: kmin.at(rate), kmax: kmax.at(rate), pmax: pmax)
    }

    /// The DCQCN paper's thresholds (Zhu et al., SIGCOMM 2015, at 40 Gb/s): Kmin 5 KB, Kmax 200 KB, Pmax 1 %.
    public static let dcqcnPaper = ECNConfig(kmin: ByteCount(5_000), kmax: ByteCount(200_000), pmax: 0.01)

    /// Thresholds per link rate, as the HPCC authors' simulator sets them for DCQCN (alibaba-edu/
    /// High-Precision-Congestion-Control, simulation/run.py: kmin_map 100 KB and kmax_map 400 KB per 25 Gb/s of
    /// the port's rate, pmax_map 0.2; KB is 1,000 bytes, switch-mmu.cc `ConfigEcn`): at 100 Gb/s Kmin 400 KB,
    /// Kmax 1,600 KB; at 400 Gb/s 1,600 KB and 6,400 KB.
    public static let perLinkRate = ECNConfig(
        kmin: .perRate(ByteCount(100_000), unit: .gigabitsPerSecond(25)),
        kmax: .perRate(ByteCount(400_000), unit: .gigabitsPerSecond(25)), pmax: 0.2)
}

/// One port's RED curve, resolved from `ECNConfig` for the port's rate.
public struct ECNThresholds: Sendable, Equatable {
    public var kmin: ByteCount
    public var kmax: ByteCount
    public var pmax: Double

    public init(kmin: ByteCount, kmax: ByteCount, pmax: Double) {
        self.kmin = kmin
        self.kmax = kmax
        self.pmax = pmax
    }

    /// A curve that never marks (a host's port: NICs do not mark).
    public static let never = ECNThresholds(kmin: ByteCount(.max), kmax: ByteCount(.max), pmax: 0)

    /// The marking probability for a packet leaving a queue of `queueBytes`.
    @inlinable
    public func probability(queueBytes: Int64) -> Double {
        if queueBytes <= kmin.bytes { return 0 }
        if queueBytes > kmax.bytes { return 1 }
        return pmax * Double(queueBytes - kmin.bytes) / Double(kmax.bytes - kmin.bytes)
    }
}
