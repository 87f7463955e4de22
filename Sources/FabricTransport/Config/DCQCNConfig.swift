import FabricKernel

/// DCQCN (Zhu et al., "Congestion Control for Large-Scale RDMA Deployments", SIGCOMM 2015): the rate control of
/// RoCEv2 NICs. Two parameter sets are provided; docs/network-model.md gives the sources of each value and says
/// which were checked against a published table.
public struct DCQCNConfig: Sendable, Equatable {
    /// Notification point: at most one CNP per flow per this interval.
    public var cnpInterval: SimTime
    /// Reaction point: alpha ← (1 − g)·alpha + g on a CNP, alpha ← (1 − g)·alpha per period without one.
    public var g: Double
    public var alphaPeriod: SimTime
    /// Alpha when a flow sees its first CNP.
    public var initialAlpha: Double
    /// The rate-increase timer and byte counter.
    public var rateTimer: SimTime
    public var byteCounter: ByteCount
    /// F: increase events before leaving fast recovery.
    public var fastRecoverySteps: Int
    public var additiveIncrease: Bandwidth
    public var hyperIncrease: Bandwidth
    public var minimumRate: Bandwidth
    /// The largest fraction one decrease may take off the rate.
    public var maximumDecrease: Double
    /// At most one decrease per this period.
    public var decreasePeriod: SimTime

    public init(
        cnpInterval: SimTime, g: Double, alphaPeriod: SimTime, initialAlpha: Double, rateTimer: SimTime,
        byteCounter: ByteCount, fastRecoverySteps: Int, additiveIncrease: Bandwidth, hyperIncrease: Bandwidth,
        minimumRate: Bandwidth, maximumDecrease: Double, decreasePeriod: SimTime
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
    }

    /// The DCQCN paper's settings.
    public static let paper = DCQCNConfig(
        cnpInterval: .microseconds(50), g: 1.0 / 256, alphaPeriod: .microseconds(55), initialAlpha: 1,
        rateTimer: .microseconds(55), byteCounter: ByteCount(10_000_000), fastRecoverySteps: 5,
        additiveIncrease: .megabitsPerSecond(40), hyperIncrease: .megabitsPerSecond(200),
        minimumRate: .megabitsPerSecond(1), maximumDecrease: 0.5, decreasePeriod: .zero)

    /// NVIDIA ConnectX firmware defaults, the values a RoCE deployment runs unless it tunes them.
    public static let connectX = DCQCNConfig(
        cnpInterval: .microseconds(4), g: 5.0 / 1024, alphaPeriod: .microseconds(1), initialAlpha: 1023.0 / 1024,
        rateTimer: .microseconds(300), byteCounter: ByteCount(32_767), fastRecoverySteps: 1,
        additiveIncrease: .megabitsPerSecond(5), hyperIncrease: .megabitsPerSecond(50),
        minimumRate: .megabitsPerSecond(1), maximumDecrease: 0.5, decreasePeriod: .microseconds(4))
}
