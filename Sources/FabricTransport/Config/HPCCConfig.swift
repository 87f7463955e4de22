import FabricKernel

/// HPCC (Li et al., "HPCC: High Precision Congestion Control", SIGCOMM 2019): a window per flow computed from the
/// in-band telemetry its ACKs echo, and a pacing rate of the window over the flow's base round trip. The source of
/// each value: docs/network-model.md.
public struct HPCCConfig: Sendable, Equatable {
    /// η: the utilisation HPCC drives each link to.
    public var targetUtilisation: Double
    /// maxStage: additive-increase rounds a flow may take while its links stay below η before it also scales its
    /// window up multiplicatively.
    public var maxStage: Int
    /// W_AI as a rate: the window's additive step is this rate times the flow's base round trip. Nil: the
    /// authors' simulator's rule, 10 Mb/s per 25 Gb/s of the sender's line rate (`additiveIncrease(lineRate:)`).
    public var additiveIncrease: Bandwidth?
    /// No flow's window is cut below this rate times its base round trip.
    public var minimumRate: Bandwidth

    public init(targetUtilisation: Double, maxStage: Int, additiveIncrease: Bandwidth?, minimumRate: Bandwidth) {
        self.targetUtilisation = targetUtilisation
        self.maxStage = maxStage
        self.additiveIncrease = additiveIncrease
        self.minimumRate = minimumRate
    }

    /// The paper's η = 95 % and maxStage = 5, with the authors' simulator's additive step and minimum rate.
    public static let paper = HPCCConfig(
        targetUtilisation: 0.95, maxStage: 5, additiveIncrease: nil, minimumRate: .megabitsPerSecond(1_000))

    /// The additive step as a rate for a sender at `lineRate`: `additiveIncrease`, or 10 Mb/s per 25 Gb/s of line
    /// rate (the authors' run.py: RATE_AI = 10·bw/25 Mb/s for HPCC) — 40 Mb/s at 100 Gb/s, 160 Mb/s at 400 Gb/s.
    public func additiveIncrease(lineRate: Bandwidth) -> Bandwidth {
        additiveIncrease ?? Bandwidth(rawValue: lineRate.rawValue / 2_500)
    }
}
