import FabricKernel
import FabricNetwork
import FabricTransport

/// The DCQCN parameter sets a scenario can start from.
public enum DCQCNPreset: String, ScenarioChoice {
    case paper
    case connectx
    case off

    var config: DCQCNConfig? {
        switch self {
        case .paper: .paper
        case .connectx: .connectX
        case .off: nil
        }
    }
}

/// The RoCEv2 congestion keys of `network:` — PFC, ECN and DCQCN. Their defaults come from the fabric (on for
/// RoCEv2, off for InfiniBand) and, for DCQCN, from the chosen parameter set.
enum CongestionKeys {
    static func pfcKeys(_ d: PFCConfig) -> (
        xoff: ScenarioKey<ByteCount>, alpha: ScenarioKey<Double>, resume: ScenarioKey<ByteCount>,
        response: ScenarioKey<SimTime>, quanta: ScenarioKey<Int64>, deadlock: ScenarioKey<SimTime>
    ) {
        let alpha: Double = if case .dynamic(let a) = d.xoff { a } else { 0.125 }
        return (
            ScenarioKey(
                "pfc_xoff", defaultText: "dynamic (pfc_xoff_alpha)", range: ByteCount(1)...ByteCount(16_000_000_000),
                meaning:
                    "A fixed XOFF threshold: bytes held behind one ingress and priority before it pauses its upstream."),
            ScenarioKey(
                "pfc_xoff_alpha", default: alpha, range: 0.0001...64,
                meaning:
                    "Dynamic XOFF threshold: alpha × the switch's free shared buffer (used unless pfc_xoff is set)."),
            ScenarioKey(
                "pfc_resume_offset", default: d.resumeOffset, range: ByteCount(0)...ByteCount(1_000_000_000),
                meaning: "XON: the pause is lifted this far below the XOFF threshold."),
            ScenarioKey(
                "pfc_response_time", default: d.responseTime, range: SimTime.zero...SimTime.milliseconds(1),
                meaning: "The upstream's reaction time to a pause frame, in the headroom formula."),
            ScenarioKey(
                "pfc_quanta", default: Int64(d.quanta), range: 1...65_535,
                meaning: "Pause time one frame asks for, in quanta of 512 bit times; refreshed at half of it."),
            ScenarioKey(
                "pfc_deadlock_timeout", default: d.deadlockTimeout,
                range: SimTime.microseconds(1)...SimTime.seconds(10),
                meaning:
                    "A cycle of ports paused without a break for this long is reported as a PFC deadlock and ends the run."
            )
        )
    }

    static func ecnKeys(_ d: ECNConfig, enabled: Bool) -> (
        on: ScenarioKey<Bool>, kmin: ScenarioKey<ByteCount>, kmax: ScenarioKey<ByteCount>, pmax: ScenarioKey<Double>
    ) {
        (
            ScenarioKey(
                "ecn", default: enabled,
                meaning: "ECN marking at switch egress for data packets (RED on the instantaneous queue)."),
            ScenarioKey(
                "ecn_kmin", default: d.kmin, range: ByteCount(0)...ByteCount(16_000_000_000),
                meaning: "No packet is marked below this queue."),
            ScenarioKey(
                "ecn_kmax", default: d.kmax, range: ByteCount(1)...ByteCount(16_000_000_000),
                meaning: "Every packet is marked above this queue."),
            ScenarioKey(
                "ecn_pmax", default: d.pmax, range: 0.0...1.0,
                meaning: "Marking probability at ecn_kmax, rising linearly from 0 at ecn_kmin.")
        )
    }

    /// DCQCN's periodic timers: at least 1 ns (a zero period would fire forever at one instant, and the alpha
    /// decay divides by it), at most 1 s.
    static let timerPeriods = SimTime.nanoseconds(1)...SimTime.seconds(1)

    static func dcqcnKeys(_ d: DCQCNConfig) -> [ScenarioKeyReader<DCQCNConfig>] {
        [
            .init(
                ScenarioKey(
                    "dcqcn_cnp_interval", default: d.cnpInterval, range: SimTime.zero...SimTime.seconds(1),
                    meaning: "Receiver: at most one CNP per flow per this interval."), \.cnpInterval),
            .init(
                ScenarioKey(
                    "dcqcn_g", default: d.g, range: 0.0...1.0,
                    meaning: "Alpha gain g: alpha ← (1 − g)·alpha + g on a CNP."), \.g),
            .init(
                ScenarioKey(
                    "dcqcn_alpha_period", default: d.alphaPeriod, range: timerPeriods,
                    meaning: "Alpha decays by (1 − g) per period without a CNP."), \.alphaPeriod),
            .init(
                ScenarioKey(
                    "dcqcn_initial_alpha", default: d.initialAlpha, range: 0.0...1.0,
                    meaning: "Alpha at a flow's first CNP."), \.initialAlpha),
            .init(
                ScenarioKey(
                    "dcqcn_rate_timer", default: d.rateTimer, range: timerPeriods,
                    meaning: "Rate-increase timer period."), \.rateTimer),
            .init(
                ScenarioKey(
                    "dcqcn_byte_counter", default: d.byteCounter, range: ByteCount(1)...ByteCount(1_000_000_000_000),
                    meaning: "Bytes sent per rate-increase step."), \.byteCounter),
            .init(
                ScenarioKey(
                    "dcqcn_additive_increase", default: d.additiveIncrease, range: TopologySection.rates,
                    meaning: "R_AI: target-rate step of additive increase."), \.additiveIncrease),
            .init(
                ScenarioKey(
                    "dcqcn_hyper_increase", default: d.hyperIncrease, range: TopologySection.rates,
                    meaning: "R_HAI: target-rate step of hyper increase."), \.hyperIncrease),
            .init(
                ScenarioKey(
                    "dcqcn_minimum_rate", default: d.minimumRate, range: TopologySection.rates,
                    meaning: "A flow's rate never falls below this."), \.minimumRate),
            .init(
                ScenarioKey(
                    "dcqcn_maximum_decrease", default: d.maximumDecrease, range: 0.0...1.0,
                    meaning: "The largest fraction one cut may take off the rate."), \.maximumDecrease),
            .init(
                ScenarioKey(
                    "dcqcn_decrease_period", default: d.decreasePeriod, range: SimTime.zero...SimTime.seconds(1),
                    meaning: "At most one cut per this period."), \.decreasePeriod),
        ]
    }

    static func dcqcnStepsKey(_ d: DCQCNConfig) -> ScenarioKey<Int64> {
        ScenarioKey<Int64>(
            "dcqcn_fast_recovery_steps", default: Int64(d.fastRecoverySteps), range: 1...1000,
            meaning: "F: increase steps of fast recovery before additive and hyper increase.")
    }

    static func presetKey(_ fabric: FabricTechnology) -> ScenarioKey<DCQCNPreset> {
        ScenarioKey(
            "dcqcn", default: fabric == .roce ? .paper : .off,
            meaning:
                "DCQCN rate control at the NICs: the paper's parameter set, NVIDIA ConnectX's, or off; the dcqcn_* keys override single values."
        )
    }

    static func documentation(_ fabric: FabricTechnology) -> [KeyDocumentation] {
        let defaults = fabric.defaults
        let pfc = pfcKeys(defaults.pfc)
        let ecn = ecnKeys(defaults.ecn ?? .dcqcnPaper, enabled: defaults.ecn != nil)
        var keys = [
            pfc.xoff.documentation, pfc.alpha.documentation, pfc.resume.documentation, pfc.response.documentation,
            pfc.quanta.documentation, pfc.deadlock.documentation,
            ecn.on.documentation, ecn.kmin.documentation, ecn.kmax.documentation, ecn.pmax.documentation,
            presetKey(fabric).documentation,
        ]
        keys += dcqcnKeys(.paper).map(\.documentation) + [dcqcnStepsKey(.paper).documentation]
        for i in keys.indices where keys[i].name.hasPrefix("dcqcn_") { keys[i].defaultValue += " (paper set)" }
        if defaults.ecn != nil, let i = keys.firstIndex(where: { $0.name == "ecn" }) {
            keys[i].defaultValue += " (false with congestion_control: hpcc or swift)"
        }
        return keys
    }

    /// Reads the congestion keys into `config`; false if any was invalid.
    static func read(_ reader: inout SectionReader, fabric: FabricTechnology, into config: inout NetworkConfig) -> Bool
    {
        var valid = true
        let pfc = pfcKeys(config.pfc)
        let fixed = reader.readOptional(pfc.xoff)
        let alpha = reader.read(pfc.alpha)
        let resume = reader.read(pfc.resume)
        let response = reader.read(pfc.response)
        let quanta = reader.read(pfc.quanta)
        let deadlock = reader.read(pfc.deadlock)
        if fixed == .some(nil) { valid = false }
        if let alpha, let resume, let response, let quanta, let deadlock {
            let xoff: PFCConfig.Threshold = fixed.flatMap { $0 }.map { .fixed($0) } ?? .dynamic(alpha: alpha)
            config.pfc = PFCConfig(
                xoff: xoff, resumeOffset: resume, responseTime: response, quanta: Int(quanta), deadlockTimeout: deadlock
            )
        } else {
            valid = false
        }

        // The controller first: under HPCC and Swift, which read telemetry or delay and not marks, ECN is off
        // unless written.
        let chosen = ControllerKeys.readChoice(&reader, fabric: fabric)
        if chosen == .some(nil) { valid = false }
        let marksRead = chosen.flatMap { $0 }?.readsMarks ?? true
        let ecn = ecnKeys(config.ecn ?? .dcqcnPaper, enabled: config.ecn != nil && marksRead)
        let on = reader.read(ecn.on)
        let kmin = reader.read(ecn.kmin)
        let kmax = reader.read(ecn.kmax)
        let pmax = reader.read(ecn.pmax)
        if let on, let kmin, let kmax, let pmax {
            if kmax <= kmin {
                reader.reject("ecn_kmax", "found \(kmax); expected more than ecn_kmin (\(kmin))")
                valid = false
            }
            config.ecn = on ? ECNConfig(kmin: kmin, kmax: kmax, pmax: pmax) : nil
        } else {
            valid = false
        }

        guard let preset = reader.read(presetKey(fabric)) else { return false }
        var dcqcn = preset.config ?? .paper
        for key in dcqcnKeys(dcqcn) { valid = key.read(&reader, into: &dcqcn) && valid }
        if let steps = reader.read(dcqcnStepsKey(dcqcn)) { dcqcn.fastRecoverySteps = Int(steps) } else { valid = false }
        guard let controller = ControllerKeys.resolve(chosen.flatMap { $0 }, preset: preset, dcqcn: dcqcn, &reader)
        else { return false }
        config.congestionControl = controller
        return valid
    }
}

/// A scenario key bound to the field of a configuration it sets: lets a long list of keys be read in one loop.
struct ScenarioKeyReader<Config> {
    let documentation: KeyDocumentation
    let read: (inout SectionReader, inout Config) -> Bool

    init<Value: ScenarioValue>(_ key: ScenarioKey<Value>, _ field: WritableKeyPath<Config, Value>) {
        documentation = key.documentation
        read = { reader, config in
            guard let value = reader.read(key) else { return false }
            config[keyPath: field] = value
            return true
        }
    }

    func read(_ reader: inout SectionReader, into config: inout Config) -> Bool { read(&reader, &config) }
}
