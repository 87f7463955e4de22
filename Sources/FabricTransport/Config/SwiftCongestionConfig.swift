import FabricKernel

/// Swift (Kumar et al., "Swift: Delay is Simple and Effective for Congestion Control in the Datacenter", SIGCOMM
/// 2020): a window from the measured round trip against a target delay. The target grows with the path's hops
/// (topology scaling) and, for small windows, by up to `flowScalingRange` (flow scaling: many flows sharing a
/// bottleneck each hold a small window, so the target lets their sum queue more, which keeps them fair).
/// Sources of each value: docs/network-model.md, "Swift".
public struct SwiftCongestionConfig: Sendable, Equatable {
    /// The target delay of a one-hop path with a large window: the unloaded round trip plus the queueing the
    /// controller tolerates.
    public var baseTarget: SimTime
    /// Topology scaling: target added per switch on the path.
    public var perHop: SimTime
    /// Flow scaling: at most this much target added, at windows of `flowScalingMinimum` packets and below,
    /// falling as 1/√window to nothing at `flowScalingMaximum` packets.
    public var flowScalingRange: SimTime
    public var flowScalingMinimum: Double
    public var flowScalingMaximum: Double
    /// Additive increase: packets of window added per round trip below the target.
    public var additiveIncrease: Double
    /// Multiplicative decrease: the window shrinks by β × (delay − target)/delay, by at most `maximumDecrease`,
    /// at most once per round trip.
    public var beta: Double
    public var maximumDecrease: Double
    /// The window's bounds, in packets; below one packet the sender paces one packet per round trip/window.
    public var minimumWindow: Double
    public var maximumWindow: Double

    public init(
        baseTarget: SimTime, perHop: SimTime, flowScalingRange: SimTime, flowScalingMinimum: Double,
        flowScalingMaximum: Double, additiveIncrease: Double, beta: Double, maximumDecrease: Double,
        minimumWindow: Double, maximumWindow: Double
    ) {
        self.baseTarget = baseTarget
        self.perHop = perHop
        self.flowScalingRange = flowScalingRange
        self.flowScalingMinimum = flowScalingMinimum
        self.flowScalingMaximum = flowScalingMaximum
        self.additiveIncrease = additiveIncrease
        self.beta = beta
        self.maximumDecrease = maximumDecrease
        self.minimumWindow = minimumWindow
        self.maximumWindow = maximumWindow
    }

    /// The defaults (docs/network-model.md gives each one's source): a 10 µs base target and 1 µs per hop for
    /// AI fabrics' few-microsecond round trips, flow scaling over five base targets between 0.1 and 100 packets,
    /// additive increase of one packet per round trip, β = 0.8 and at most a halving per round trip.
    public static let standard = SwiftCongestionConfig(
        baseTarget: .microseconds(10), perHop: .microseconds(1), flowScalingRange: .microseconds(50),
        flowScalingMinimum: 0.1, flowScalingMaximum: 100, additiveIncrease: 1, beta: 0.8, maximumDecrease: 0.5,
        minimumWindow: 0.01, maximumWindow: 10_000)

    /// The target delay for a window of `window` packets on a path through `switches` switches.
    public func target(window: Double, switches: Int) -> SimTime {
        let alpha =
            flowScalingRange.seconds / (1 / flowScalingMinimum.squareRoot() - 1 / flowScalingMaximum.squareRoot())
        let flowScaling = min(
            max(alpha / max(window, 1e-9).squareRoot() - alpha / flowScalingMaximum.squareRoot(), 0),
            flowScalingRange.seconds)
        return baseTarget + perHop * Int64(max(switches - 1, 0)) + SimTime(secondsRounded: flowScaling)
    }
}
