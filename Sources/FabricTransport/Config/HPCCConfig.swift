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
    /// W_AI as a rate: the window's additive step is this rate times the flow's base round trip. Nil: the paper's
    /// rule from `expectedFlows` (`additiveIncrease(lineRate:)`).
    public var additiveIncrease: Bandwidth?
    /// N, the number of flows a link is expected to carry at once, from which the paper sizes W_AI when
    /// `additiveIncrease` is nil: W_AI = W_init·(1 − η)/N, so that N flows' additive steps together fill the
    /// (1 − η) headroom and no more. 125 gives the authors' run.py step at η = 95 % (10 Mb/s per 25 Gb/s).
    public var expectedFlows: Double
    /// No flow's window is cut below this rate times its base round trip.
    public var minimumRate: Bandwidth

    public init(
        targetUtilisation: Double, maxStage: Int, additiveIncrease: Bandwidth?, expectedFlows: Double = 10,
        minimumRate: Bandwidth
    ) {
        self.targetUtilisation = targetUtilisation
        self.maxStage = maxStage
        self.additiveIncrease = additiveIncrease
        self.expectedFlows = expectedFlows
        self.minimumRate = minimumRate
    }

    /// The paper's η = 95 % and maxStage = 5, W_AI from N = 10 expected flows (docs/network-model.md, "HPCC"), and
    /// the authors' simulator's minimum rate.
    public static let paper = HPCCConfig(
        targetUtilisation: 0.95, maxStage: 5, additiveIncrease: nil, expectedFlows: 10,
        minimumRate: .megabitsPerSecond(1_000))

    /// The additive step as a rate for a sender at `lineRate`: `additiveIncrease`, or the paper's
    /// W_AI = W_init·(1 − η)/N over T, with W_init = B·T the flow's initial window, which as a rate is
    /// B·(1 − η)/N — 500 Mb/s at 100 Gb/s, 2 Gb/s at 400, 4 Gb/s at 800 with η = 95 % and N = 10.
    public func additiveIncrease(lineRate: Bandwidth) -> Bandwidth {
        additiveIncrease
            ?? Bandwidth(
                rawValue: Int64((Double(lineRate.rawValue) * (1 - targetUtilisation) / expectedFlows).rounded()))
    }
}
