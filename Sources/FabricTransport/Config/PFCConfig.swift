import FabricKernel

/// Priority-based flow control (IEEE 802.1Qbb): how a switch pauses the upstream port of a congested ingress.
public struct PFCConfig: Sendable, Equatable {
    /// When an ingress (per priority) asks its upstream to pause.
    public enum Threshold: Sendable, Equatable {
        /// A fixed number of bytes held behind the ingress.
        case fixed(ByteCount)
        /// A fraction alpha of the switch's free shared buffer (dynamic, as switch ASICs do).
        case dynamic(alpha: Double)
    }

    public var xoff: Threshold
    /// XON: the pause is lifted when the ingress holds `resumeOffset` less than the XOFF threshold.
    public var resumeOffset: ByteCount
    /// The upstream's reaction time to a pause frame, in the headroom formula.
    public var responseTime: SimTime
    /// Pause time a frame asks for, in quanta of 512 bit times (the 802.1Qbb field; 65,535 is its maximum).
    public var quanta: Int
    /// A cycle of ports paused for this long without a break is reported as a PFC deadlock.
    public var deadlockTimeout: SimTime

    public init(xoff: Threshold, resumeOffset: ByteCount, responseTime: SimTime, quanta: Int, deadlockTimeout: SimTime)
    {
        self.xoff = xoff
        self.resumeOffset = resumeOffset
        self.responseTime = responseTime
        self.quanta = quanta
        self.deadlockTimeout = deadlockTimeout
    }

    /// Dynamic XOFF at 1/8 of the free buffer, resume two 4 KB packets lower, 1 µs response, maximum quanta.
    public static let standard = PFCConfig(
        xoff: .dynamic(alpha: 0.125), resumeOffset: ByteCount(8_356), responseTime: .microseconds(1), quanta: 65_535,
        deadlockTimeout: .milliseconds(1))
}
