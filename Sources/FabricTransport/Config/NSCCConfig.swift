import FabricKernel

/// NSCC, the Ultra Ethernet Transport's network-signal-based congestion control (Ultra Ethernet Specification 1.0,
/// congestion management sublayer): a window per flow moved by each acknowledgement's ECN mark and queueing delay.
/// No mark and a delay below the target: the window grows in proportion to how far below it is (and fast when the
/// path is clear); no mark above the target: it grows by the same bytes as every competing window (fair increase);
/// a mark above the target: it shrinks multiplicatively by how far the average delay exceeds the target; a mark
/// below the target: it holds, the queue being one that has not yet delayed anything (the load balancer's to
/// avoid). Quick adapt resets a window to what it achieved when a round trip brought a loss or a long delay.
///
/// The constants are those of UEC's htsim model of UET (`UecSrc::initNsccParams`, uec.cpp), defined on a reference
/// network of 100 Gb/s and 12 µs and scaled to each flow's bandwidth-delay product; sources and assumptions of each:
/// docs/network-model.md, "NSCC".
public struct NSCCConfig: Sendable, Equatable {
    /// The queueing delay NSCC aims for; nil: 3/4 of the flow's base round trip with packet trimming, one base
    /// round trip without (htsim's defaults).
    public var targetDelay: SimTime?
    /// γ: a cut takes γ × (average delay − target) ÷ average delay off the window, at most once per base round trip.
    public var gamma: Double
    /// The largest fraction one cut may take off the window.
    public var maximumDecrease: Double
    /// Fair increase: MTUs of window added per round trip above the target without marks, × the scaling factor.
    public var fairIncrease: Double
    /// Proportional increase: MTUs per round trip added at zero delay, falling linearly to none at the target.
    public var proportionalIncrease: Double
    /// Fast increase: the window grows by this fraction of the bytes acknowledged (× the scaling factor) while the
    /// delay stays below `clearDelay` for more than a window's worth of bytes.
    public var fastIncrease: Double
    /// η: MTUs added once per base round trip whatever the signals (× the scaling factor).
    public var eta: Double
    /// The window's ceiling, in bandwidth-delay products; a flow starts there.
    public var maximumWindow: Double
    /// Quick adapt: at the end of a round trip with a trim or a delay above `quickAdaptThreshold` target delays, a
    /// window whose flow delivered less than maximumWindow ÷ 2^`quickAdaptGate` is set to what it delivered.
    public var quickAdaptGate: Int
    public var quickAdaptThreshold: Double
    /// The gain of the average delay that cuts read, per acknowledgement.
    public var delayGain: Double
    /// The increases are applied every `adjustPackets` packets acknowledged, or every base round trip.
    public var adjustPackets: Int
    /// A delay this small counts as a clear path for fast increase.
    public var clearDelay: SimTime

    public init(
        targetDelay: SimTime?, gamma: Double, maximumDecrease: Double, fairIncrease: Double,
        proportionalIncrease: Double, fastIncrease: Double, eta: Double, maximumWindow: Double, quickAdaptGate: Int,
        quickAdaptThreshold: Double, delayGain: Double, adjustPackets: Int, clearDelay: SimTime
    ) {
        self.targetDelay = targetDelay
        self.gamma = gamma
        self.maximumDecrease = maximumDecrease
        self.fairIncrease = fairIncrease
        self.proportionalIncrease = proportionalIncrease
        self.fastIncrease = fastIncrease
        self.eta = eta
        self.maximumWindow = maximumWindow
        self.quickAdaptGate = quickAdaptGate
        self.quickAdaptThreshold = quickAdaptThreshold
        self.delayGain = delayGain
        self.adjustPackets = adjustPackets
        self.clearDelay = clearDelay
    }

    /// htsim's UET model's values (uec.cpp, `initNsccParams` and `initNscc`; docs/network-model.md gives each).
    public static let standard = NSCCConfig(
        targetDelay: nil, gamma: 0.8, maximumDecrease: 0.5, fairIncrease: 5, proportionalIncrease: 4,
        fastIncrease: 0.25, eta: 0.15, maximumWindow: 1.5, quickAdaptGate: 3, quickAdaptThreshold: 4,
        delayGain: 0.0125, adjustPackets: 8, clearDelay: .microseconds(1))

    /// The reference network the increase constants are defined on: 100 Gb/s and a 12 µs round trip.
    public static let referenceRate = Bandwidth.gigabitsPerSecond(100)
    public static let referenceRoundTrip = SimTime.microseconds(12)
}
