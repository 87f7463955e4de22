import FabricKernel

/// Everything a run produced that the model determines: the same scenario and seed always give an equal
/// `RunResult`. Wall-clock figures are kept apart, in `RunTiming`.
public struct RunResult: Sendable, Equatable {
    public var scenario: String
    /// The scenario as it was run: every key with its effective value, defaults included.
    public var scenarioEcho: ResultObject
    public var seed: UInt64
    /// What was simulated: `mm1`, `tandem`, `phold`, ... .
    public var model: String
    public var simulatedTime: SimTime
    public var events: UInt64
    public var peakPendingEvents: Int
    public var stopReason: StopReason
    /// The model's own figures, headline first.
    public var metrics: ResultObject
    /// Invariants and theory comparisons checked at the end of the run; a failed check fails the run.
    public var checks: [ResultCheck]
    /// Quantities sampled at a regular simulated interval (queue depths, utilisation), within a memory budget.
    public var series: TimeSeriesSet = .empty
    /// Spans of simulated time (flows, compute phases) in a window, up to a cap: for the trace and the report.
    public var timeline: Timeline = .empty
    /// A hash of the event stream (time, target and kind of every event handled), when it was asked for:
    /// equal fingerprints mean the runs handled the same events in the same order.
    public var fingerprint: UInt64?
    /// For a network: `packet` or `flow`, and what that fidelity does not model (said wherever results are shown).
    public var fidelity: String?
    public var notModelled: [String] = []
    /// For a network that mixes the two fabrics' mechanisms on purpose (`network.hybrid: true`), what it is:
    /// `roce with InfiniBand's credit-based flow control (credits)`; nil otherwise.
    /// The figures to lead with (`output.metrics`, or `--metrics`): the top of the terminal summary and the report.
    /// Empty: the model's own order. A presentation choice, so summary.json does not record it beyond the
    /// scenario echo.
    public var headline: [String] = []
    public var hybridFabric: String?
    /// The network profile (`network.profile`) the run used, with the keys the scenario wrote over it:
    /// `meta, with queue_pairs written over`; nil without one.
    public var networkProfile: String?
    /// The congestion controller at the NICs of a network, with DCQCN's parameter set: `dcqcn, rate set`,
    /// `dcqcn, paper set, with dcqcn_g written over`, `hpcc`, `none`; nil without a network.
    public var congestionControl: String?

    public init(
        scenario: String, scenarioEcho: ResultObject, seed: UInt64, model: String, simulatedTime: SimTime,
        events: UInt64,
        peakPendingEvents: Int, stopReason: StopReason, metrics: ResultObject, checks: [ResultCheck]
    ) {
        self.scenario = scenario
        self.scenarioEcho = scenarioEcho
        self.seed = seed
        self.model = model
        self.simulatedTime = simulatedTime
        self.events = events
        self.peakPendingEvents = peakPendingEvents
        self.stopReason = stopReason
        self.metrics = metrics
        self.checks = checks
    }

    public var allChecksPassed: Bool { checks.allSatisfy(\.passed) }

    /// The fingerprint as 16 hexadecimal digits, as printed and stored in summary.json.
    public var fingerprintText: String? {
        fingerprint.map { value in
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
    }
}

/// A fact the run verified about itself: conservation of customers, Little's law, agreement with theory.
public struct ResultCheck: Sendable, Equatable {
    public var name: String
    public var passed: Bool
    public var detail: String
    /// The exit code `fabricsim run` uses when this check fails, when it is not the generic 1 (a PFC deadlock
    /// exits with 3, so scripts can tell it from other failures).
    public var failureExitCode: Int32?

    /// The exit code of a failed "no PFC deadlock" check: a cycle of paused ports (docs/cli.md).
    public static let deadlockExitCode: Int32 = 3

    public init(name: String, passed: Bool, detail: String, failureExitCode: Int32? = nil) {
        self.name = name
        self.passed = passed
        self.detail = detail
        self.failureExitCode = failureExitCode
    }
}

/// Wall-clock figures of one run. They describe the machine and the moment, not the model, so they live in
/// their own file (`timing.json`) and never make two runs' results differ.
public struct RunTiming: Sendable {
    public var wallSeconds: Double
    public var events: UInt64
    public var peakResidentBytes: Int64?

    public init(wallSeconds: Double, events: UInt64, peakResidentBytes: Int64?) {
        self.wallSeconds = wallSeconds
        self.events = events
        self.peakResidentBytes = peakResidentBytes
    }

    public var eventsPerSecond: Double { wallSeconds > 0 ? Double(events) / wallSeconds : 0 }
}
