import FabricKernel
import Foundation

/// What one checkpoint did, on the job's clock.
public struct CheckpointRecord: Sendable, Equatable {
    public var index: Int
    /// The step after which it was taken (from 0).
    public var afterStep: Int
    /// When training stopped for it.
    public var start: SimTime
    /// How long training stood still for it: waiting for the previous upload to finish, then the snapshot
    /// (asynchronous) or the whole write (synchronous).
    public var stall: SimTime
    /// The part of `stall` spent waiting for the previous checkpoint's upload.
    public var waitedForPrevious: SimTime
    /// When its writes began, and when the last byte was durable (nil if the run ended first).
    public var writeStart: SimTime
    public var durable: SimTime?
    public var bytes: Int64
    /// Per storage server: bytes written, and when the last was on media.
    public var bytesPerServer: [Int64]
    public var lastWrittenPerServer: [SimTime]
    /// Training steps that ran while it was being written.
    public var stepsOverlapped: Int

    /// A checkpoint taken after `afterStep` at `start`, training having first waited `waited` for the previous
    /// upload; its writes of `bytes` begin at `writeStart`.
    public init(index: Int, afterStep: Int, start: SimTime, waited: SimTime, writeStart: SimTime, bytes: Int64) {
        self.index = index
        self.afterStep = afterStep
        self.start = start
        stall = waited
        waitedForPrevious = waited
        self.writeStart = writeStart
        self.bytes = bytes
        bytesPerServer = []
        lastWrittenPerServer = []
        stepsOverlapped = 0
    }

    /// From the first write to durability.
    public var writeDuration: SimTime? { durable.map { $0 - writeStart } }

    /// Per server: the write rate it achieved, bytes over the time from the first write to its last byte on media
    /// (nil for a server that got nothing).
    public var writeBandwidthPerServer: [Bandwidth?] {
        zip(bytesPerServer, lastWrittenPerServer).map { bytes, last in
            bytes > 0 && last > writeStart ? ByteCount(bytes).rate(over: last - writeStart) : nil
        }
    }
}

/// The goodput study a training run reports beside its checkpoints (`failures:`).
public struct GoodputSettings: Sendable, Equatable {
    public var failures: FailureModel
    /// Failures simulated for each interval.
    public var lives: Int
    /// Intervals to compare, seconds of training between checkpoints; empty for the default grid: 61 intervals
    /// spaced evenly on a log scale from ⅛ to 8 times Young's interval (each 7 % from the next).
    public var intervals: [Double]

    public init(failures: FailureModel, lives: Int = 20_000, intervals: [Double] = []) {
        self.failures = failures
        self.lives = lives
        self.intervals = intervals
    }

    public func grid(cost: Double) -> [Double] {
        guard intervals.isEmpty else { return intervals }
        let young = CheckpointIntervalFormula.young(cost: max(cost, 1e-9), mtbf: failures.mtbf)
        return (0...60).map { young / 8 * pow(64, Double($0) / 60) }
    }
}
