import Synchronization

/// How far a sweep has got, shared by its workers and read by whoever draws it: the runs finished of the total,
/// and each worker's run with its fraction.
///
/// A worker stores its run's fraction every few thousand events (`ScenarioRunner.progressInterval`), one relaxed
/// atomic store: no lock on the way of the events. Its run and fraction are packed into one word, so a reader
/// never pairs one run's number with another's fraction.
public final class SweepProgress: Sendable {
    /// The shard's runs.
    public let total: Int
    private let finishedRuns = Atomic<Int>(0)
    private let resumedRuns = Atomic<Int>(0)
    private let slots: [Slot]

    /// One worker's run (+1; 0 while it has none) in the high 32 bits, its fraction in the low 32, in steps of
    /// 1 / `Slot.unit` (`Slot.unknown`: the run's model has no goal).
    private final class Slot: Sendable {
        static let unknown = UInt64(UInt32.max)
        static let unit = Double(UInt32.max - 1)
        let word = Atomic<UInt64>(0)
    }

    /// The workers it has a slot for.
    public var workers: Int { slots.count }

    public init(runs: Int, workers: Int) {
        total = runs
        slots = (0..<max(1, workers)).map { _ in Slot() }
    }

    /// What a reader sees at one moment.
    public struct Snapshot: Sendable, Equatable {
        public var total: Int
        /// Runs finished, those read back included.
        public var finished: Int
        /// Runs read back from an earlier sweep (`--resume`): done, but at no cost.
        public var resumed: Int
        /// The runs in progress, in the order of the workers.
        public var running: [Running]

        /// A run in progress: its index in the plan, its worker, and its fraction (nil: unknown).
        public struct Running: Sendable, Equatable {
            public var run: Int
            public var worker: Int
            public var fraction: Double?
        }

        /// Runs' worth of work done in this sweep: the runs it ran and the finished parts of those running.
        public var work: Double { Double(finished - resumed) + running.reduce(0) { $0 + ($1.fraction ?? 0) } }
        /// Runs' worth of work left.
        public var remaining: Double {
            max(0, Double(total - finished) - running.reduce(0) { $0 + ($1.fraction ?? 0) })
        }
    }

    public func snapshot() -> Snapshot {
        // Resumed runs are counted after finished ones (`finish`, releasing) and read before them (acquiring): never more
        // resumed than finished. The rest may be a moment apart, which a progress line does not show.
        let resumed = resumedRuns.load(ordering: .acquiring)
        let finished = finishedRuns.load(ordering: .relaxed)
        var running: [Snapshot.Running] = []
        for (worker, slot) in slots.enumerated() {
            let word = slot.word.load(ordering: .relaxed)
            guard word >> 32 > 0 else { continue }
            let low = word & 0xFFFF_FFFF
            running.append(
                Snapshot.Running(
                    run: Int(word >> 32) - 1, worker: worker,
                    fraction: low == Slot.unknown ? nil : Double(low) / Slot.unit))
        }
        return Snapshot(total: total, finished: finished, resumed: resumed, running: running)
    }

    /// `worker` starts run `run` (its index in the plan).
    func start(run: Int, worker: Int) {
        slots[worker].word.store(UInt64(run + 1) << 32 | Slot.unknown, ordering: .relaxed)
    }

    /// `worker`'s run has reached `fraction` of its goal.
    func update(worker: Int, fraction: Double?) {
        let slot = slots[worker]
        let run = slot.word.load(ordering: .relaxed) >> 32
        let low = fraction.map { UInt64((min(1, max(0, $0)) * Slot.unit).rounded()) } ?? Slot.unknown
        slot.word.store(run << 32 | low, ordering: .relaxed)
    }

    /// `worker`'s run has finished (`resumed`: read back, not run); returns the runs finished, this one included.
    func finish(worker: Int, resumed: Bool) -> Int {
        // Counted before the worker's slot is emptied: a reader may count the run twice for a moment, never not at all.
        let finished = finishedRuns.wrappingAdd(1, ordering: .relaxed).newValue
        if resumed { resumedRuns.add(1, ordering: .releasing) }
        slots[worker].word.store(0, ordering: .relaxed)
        return finished
    }

    /// `worker` stopped with its run unfinished (an interrupt).
    func abandon(worker: Int) {
        slots[worker].word.store(0, ordering: .relaxed)
    }
}
