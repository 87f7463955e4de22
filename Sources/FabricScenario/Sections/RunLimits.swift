import FabricKernel

/// Bounds on a whole run that keep every quantity the model computes inside its 64-bit representation.
///
/// Simulated time is an `Int64` count of picoseconds, so nothing may happen after 2⁶³ ps ≈ 106.7 days. A run may
/// reach `longestRun`, a little over a quarter of that, so that the run's end plus any one interval the model
/// adds to a time (a delay, a serialisation, a timeout, each bounded by its key) still fits, and so does the sum
/// of three such spans. Every time key that places something on the run's clock (a start, a stop, a fault) is
/// bounded by it, and a scenario whose natural end (`ScenarioEstimate.simulatedTime`) lies beyond it is refused
/// unless `stop.time` ends it sooner.
///
/// Byte counters are `Int64` too, and the wire carries at most 5 bytes per payload byte (header_bytes ≤ 1,024
/// over an mtu ≥ 256) and is counted in bits in places: `maximumPayloadBytes` (10¹⁷, 100 PB, all flows and
/// steps of a run together) keeps 8 × 5 × that below 2⁶³.
enum RunLimits {
    /// 30 days of simulated time: 2.592 × 10¹⁸ ps.
    static let longestRun = SimTime.seconds(30 * 86_400)
    /// The range of every time that is a moment of the run (when a flow starts, a fault begins, a run stops).
    static let moments = SimTime.zero...longestRun
    /// The payload a whole run may move.
    static let maximumPayloadBytes = 1e17
}
