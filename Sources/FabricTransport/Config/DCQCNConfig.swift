import FabricKernel

/// DCQCN (Zhu et al., "Congestion Control for Large-Scale RDMA Deployments", SIGCOMM 2015): the rate control of
/// RoCEv2 NICs. Three parameter sets are provided; docs/network-model.md gives the sources of each value and says
/// which were checked against a published table.
public struct DCQCNConfig: Sendable, Equatable {
    /// Notification point: at most one CNP per flow per this interval.
    public var cnpInterval: SimTime
    /// Reaction point: alpha ← (1 − g)·alpha + g on a CNP, alpha ← (1 − g)·alpha per period without one.
    public var g: Double
    public var alphaPeriod: SimTime
    /// Alpha when a flow sees its first CNP.
    public var initialAlpha: Double
    /// The rate-increase timer and byte counter. Without a byte counter (nil) the timer alone drives recovery, as
    /// in the reaction point of the HPCC authors' simulator (rdma-hw.cc, `RateIncEventMlx`).
    public var rateTimer: SimTime
    public var byteCounter: ByteCount?
    /// F: increase events before leaving fast recovery.
    public var fastRecoverySteps: Int
    /// R_AI and R_HAI, the target-rate steps of additive and hyper increase: fixed, or per unit of the sending
    /// NIC's line rate.
    public var additiveIncrease: RateScaled<Bandwidth>
    public var hyperIncrease: RateScaled<Bandwidth>
    public var minimumRate: Bandwidth
    /// The largest fraction one decrease may take off the rate.
    public var maximumDecrease: Double
    /// At most one decrease per this period.
    public var decreasePeriod: SimTime
    /// Whether every cut sets the target rate to the current one (the paper's `RT ← RC`). When false, a cut sets it
    /// only if the timer has raised the rate since the previous cut, so that consecutive cuts keep the rate to
    /// recover to (CLAMP_TARGET_RATE 0 in the HPCC authors' run.py; rdma-hw.cc `CheckRateDecreaseMlx`).
    public var clampTargetRate: Bool

    public init(
        cnpInterval: SimTime, g: Double, alphaPeriod: SimTime, initialAlpha: Double, rateTimer: SimTime,
        byteCounter: ByteCount?, fastRecoverySteps: Int, additiveIncrease: RateScaled<Bandwidth>,
        hyperIncrease: RateScaled<Bandwidth>, minimumRate: Bandwidth, maximumDecrease: Double, decreasePeriod: SimTime,
        clampTargetRate: Bool = true
    ) {
        self.cnpInterval = cnpInterval
        self.g = g
        self.alphaPeriod = alphaPeriod
        self.initialAlpha = initialAlpha
        self.rateTimer = rateTimer
        self.byteCounter = byteCounter
        self.fastRecoverySteps = fastRecoverySteps
        self.additiveIncrease = additiveIncrease
        self.hyperIncrease = hyperIncrease
        self.minimumRate = minimumRate
        self.maximumDecrease = maximumDecrease
        self.decreasePeriod = decreasePeriod
        self.clampTargetRate = clampTargetRate
    }

    /// The DCQCN paper's settings.
    public static let paper = DCQCNConfig(
        cnpInterval: .microseconds(50), g: 1.0 / 256, alphaPeriod: .microseconds(55), initialAlpha: 1,
        rateTimer: .microseconds(55), byteCounter: ByteCount(10_000_000), fastRecoverySteps: 5,
        additiveIncrease: .fixed(.megabitsPerSecond(40)), hyperIncrease: .fixed(.megabitsPerSecond(200)),
        minimumRate: .megabitsPerSecond(1), maximumDecrease: 0.5, decreasePeriod: .zero)

    /// NVIDIA ConnectX firmware defaults, the values a RoCE deployment runs unless it tunes them.
    public static let connectX = DCQCNConfig(
        cnpInterval: .microseconds(4), g: 5.0 / 1024, alphaPeriod: .microseconds(1), initialAlpha: 1023.0 / 1024,
        rateTimer: .microseconds(300), byteCounter: ByteCount(32_767), fastRecoverySteps: 1,
        additiveIncrease: .fixed(.megabitsPerSecond(5)), hyperIncrease: .fixed(.megabitsPerSecond(50)),
        minimumRate: .megabitsPerSecond(1), maximumDecrease: 0.5, decreasePeriod: .microseconds(4))

    /// The set for the link's rate, from the HPCC authors' simulator configuration (alibaba-edu/
    /// High-Precision-Congestion-Control, simulation/run.py, its `dcqcn_paper` branch): alpha and cut intervals
    /// 50 µs, rate timer 55 µs, g = 1/256, F = 1, R_AI 5 Mb/s and R_HAI 50 Mb/s per 25 Gb/s of the NIC's line rate,
    /// minimum rate 1,000 Mb/s, no byte counter and no clamping of the target rate. Paired with
    /// `ECNConfig.perLinkRate`. docs/network-model.md says which value comes from where.
    public static let perLinkRate = DCQCNConfig(
        cnpInterval: .microseconds(50), g: 1.0 / 256, alphaPeriod: .microseconds(50), initialAlpha: 1,
        rateTimer: .microseconds(55), byteCounter: nil, fastRecoverySteps: 1,
        additiveIncrease: .perRate(.megabitsPerSecond(5), unit: .gigabitsPerSecond(25)),
        hyperIncrease: .perRate(.megabitsPerSecond(50), unit: .gigabitsPerSecond(25)),
        minimumRate: .megabitsPerSecond(1_000), maximumDecrease: 0.5, decreasePeriod: .microseconds(50),
        clampTargetRate: false)
}
