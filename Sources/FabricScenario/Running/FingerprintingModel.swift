import FabricKernel
import FabricMetrics
import FabricNetwork

/// Wraps a model and folds the time, target and kind of every event it handles into a 64-bit hash before
/// passing the event on (`fabricsim run --fingerprint`).
///
/// Two runs with equal fingerprints handled the same events at the same times in the same order, which is a
/// one-line determinism check (the idea is OMNeT++'s fingerprints). Wrapping keeps the kernel's loop untouched:
/// runs without the flag pay nothing, and runs with it pay one multiply-xor round per event word.
public struct FingerprintingModel<Wrapped: MeasuredModel>: MeasuredModel {
    public var wrapped: Wrapped
    /// The hash so far; starts from a fixed non-zero value so that an empty run has a recognisable fingerprint.
    public private(set) var hash: UInt64 = 0x6A09_E667_F3BC_C908

    public init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    public mutating func start(scheduler: inout Scheduler) {
        wrapped.start(scheduler: &scheduler)
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        hash = Self.mix(hash, UInt64(bitPattern: event.time.rawValue))
        hash = Self.mix(hash, UInt64(event.target.rawValue) << 32 | UInt64(event.kind.rawValue))
        wrapped.handle(event, scheduler: &scheduler)
    }

    /// One round of a multiply-xorshift mix (the finaliser of MurmurHash3, applied to the running hash xor the
    /// word): every input bit affects every output bit, and the order of words matters.
    @inline(__always)
    static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        var x = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    public func progress() -> Double? { wrapped.progress() }

    public func result(now: SimTime, events: UInt64) -> (metrics: ResultObject, checks: [ResultCheck]) {
        wrapped.result(now: now, events: events)
    }

    public func seriesDescriptors() -> [SeriesDescriptor] { wrapped.seriesDescriptors() }
    public func sampleSeries(now: SimTime, into readings: inout [Double]) { wrapped.sampleSeries(now: now, into: &readings) }
    public func recordTimeline(now: SimTime, into timeline: inout Timeline) { wrapped.recordTimeline(now: now, into: &timeline) }
    public var fidelity: Fidelity? { wrapped.fidelity }
    public var episodeEvents: UInt64 { wrapped.episodeEvents }
}
