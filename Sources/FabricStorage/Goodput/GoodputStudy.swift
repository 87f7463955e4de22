import FabricKernel
import Foundation

/// Goodput over a long run with failures, for checkpoint intervals: how much of the wall time is training that
/// is kept.
///
/// The job alternates `interval` seconds of training with a checkpoint that stops it for `stall(interval)`
/// seconds; checkpoint k (k = 1, 2, …) ends its stall at k·P (P = interval + stall) and becomes durable `lag`
/// seconds later (0 for a synchronous checkpoint; the upload of an asynchronous one). A failure at time x after
/// a (re)start keeps the training of the checkpoints durable by then — interval × ⌊(x − lag) ÷ P⌋ — loses the
/// rest, and costs `restart` before the next life begins from the last durable checkpoint. The times between
/// failures are exponential, so every life is independent, and the study simulates `failures` of them.
///
/// The lives' lengths are drawn by stratified sampling — one uniform draw in each of `failures` equal slices of
/// [0, 1), turned into an exponential time — and the same draws serve every interval (common random numbers), so
/// two intervals are compared on the same failures and the sweep's optimum is not moved by sampling noise. The
/// time steps take, the stall and the lag can come from packet-level runs; the long horizon is this closed-form
/// walk, not packet-level. Docs: docs/storage.md.
public struct GoodputStudy: Sendable {
    public var failures: FailureModel
    /// Lives (failures) simulated.
    public var lives: Int
    public var seed: UInt64
    /// Per interval, the seconds one checkpoint stops training.
    public var stall: @Sendable (Double) -> Double
    /// Seconds from the end of a checkpoint's stall until it is durable.
    public var lag: Double

    public init(
        failures: FailureModel, lives: Int, seed: UInt64, lag: Double = 0, stall: @escaping @Sendable (Double) -> Double
    ) {
        self.failures = failures
        self.lives = lives
        self.seed = seed
        self.lag = lag
        self.stall = stall
    }

    /// What the study found for one interval.
    public struct Estimate: Sendable, Equatable {
        /// Training seconds between checkpoints.
        public var interval: Double
        /// Kept training ÷ wall time.
        public var goodput: Double
        /// Mean training lost per failure, seconds.
        public var lostPerFailure: Double
        /// Fractions of the wall time spent in checkpoint stalls, in lost training, and in restarts.
        public var checkpointFraction: Double
        public var lostFraction: Double
        public var restartFraction: Double
        /// Simulated wall time, seconds.
        public var wallTime: Double
    }

    /// The lives' lengths, in seconds: one exponential draw per stratum, the same for every interval.
    public func lifetimes() -> [Double] {
        var stream = RandomStream(seed: seed, name: "storage.failures")
        let n = Double(lives)
        return (0..<lives).map { i in
            let u = (Double(i) + stream.nextUnit()) / n
            return -failures.mtbf * log(1 - u)
        }
    }

    public func estimate(interval: Double, lifetimes: [Double]) -> Estimate {
        let s = stall(interval)
        let period = interval + s
        var kept = 0.0
        var lost = 0.0
        var stalls = 0.0
        var wall = 0.0
        for x in lifetimes {
            let durable = x >= lag ? ((x - lag) / period).rounded(.down) : 0
            // Training done in the life: whole periods, then the part of the last one before its stall.
            let whole = (x / period).rounded(.down)
            let done = whole * interval + min(x - whole * period, interval)
            kept += durable * interval
            lost += done - durable * interval
            stalls += x - done
            wall += x + failures.restart
        }
        let count = Double(max(lifetimes.count, 1))
        return Estimate(
            interval: interval, goodput: wall > 0 ? kept / wall : 0, lostPerFailure: lost / count,
            checkpointFraction: wall > 0 ? stalls / wall : 0, lostFraction: wall > 0 ? lost / wall : 0,
            restartFraction: wall > 0 ? failures.restart * count / wall : 0, wallTime: wall)
    }

    /// Every interval on the same failures; the best is the one with the highest goodput (the shorter on a tie).
    public func sweep(_ intervals: [Double]) -> (estimates: [Estimate], best: Estimate?) {
        let lives = lifetimes()
        let estimates = intervals.map { estimate(interval: $0, lifetimes: lives) }
        let best = estimates.max { ($0.goodput, $1.interval) < ($1.goodput, $0.interval) }
        return (estimates, best)
    }
}
