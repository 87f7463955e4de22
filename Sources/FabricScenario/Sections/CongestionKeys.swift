import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricTransport

/// The DCQCN parameter sets a scenario can start from, each with the ECN thresholds it is paired with.
public enum DCQCNPreset: String, ScenarioChoice {
    /// The set for the link's rate: thresholds per port rate and increase steps per line rate (the default).
    case rate
    case paper
    case connectx
    case off

    var config: DCQCNConfig? {
        switch self {
        case .rate: .perLinkRate
        case .paper: .paper
        case .connectx: .connectX
        case .off: nil
        }
    }

    /// The ECN thresholds that go with the set: the paper's 40 Gb/s values with `paper` and `connectx` (as
    /// before the `rate` set existed), thresholds per port rate otherwise.
    var ecn: ECNConfig {
        switch self {
        case .paper, .connectx: .dcqcnPaper
        case .rate, .off: .perLinkRate
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
                "ecn_kmin", defaultText: thresholdText(d.kmin), range: ByteCount(0)...ByteCount(16_000_000_000),
                meaning:
                    "No packet is marked below this queue. Written, it is the same at every port (write ecn_kmax too when the set's thresholds follow the port's rate)."
            ),
            ScenarioKey(
                "ecn_kmax", defaultText: thresholdText(d.kmax), range: ByteCount(1)...ByteCount(16_000_000_000),
                meaning:
                    "Every packet is marked above this queue. Written, it is the same at every port (write ecn_kmin too when the set's thresholds follow the port's rate)."
            ),
            ScenarioKey(
                "ecn_pmax", default: d.pmax, range: 0.0...1.0,
                meaning: "Marking probability at ecn_kmax, rising linearly from 0 at ecn_kmin.")
        )
    }

    static func thresholdText(_ value: RateScaled<ByteCount>) -> String {
        switch value {
        case .fixed(let bytes): bytes.description
        case .perRate: "\(value) of the port's rate"
        }
    }

    /// The echo of a threshold the scenario does not write: its value, or its value per unit of rate.
    static func echo(_ value: RateScaled<ByteCount>) -> ResultValue {
        switch value {
        case .fixed(let bytes): bytes.echo
        case .perRate: .string(value.description)
        }
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
                    "dcqcn_byte_counter", default: d.byteCounter,
                    defaultText: d.byteCounter == nil ? "none" : nil,
                    range: ByteCount(1)...ByteCount(1_000_000_000_000),
                    meaning:
                        "Bytes sent per rate-increase step; none: the timer alone counts the steps (F of fast recovery, one additive, then hyper increase)."
                ), \.byteCounter, as: { $0 }, echo: { $0?.echo ?? .null }),
            .init(
                ScenarioKey(
                    "dcqcn_additive_increase", defaultText: rateStepText(d.additiveIncrease),
                    range: TopologySection.rates,
                    meaning: "R_AI: target-rate step of additive increase. Written, it is the same at every line rate."),
                \.additiveIncrease, as: { .fixed($0) }, echo: rateStepEcho),
            .init(
                ScenarioKey(
                    "dcqcn_hyper_increase", defaultText: rateStepText(d.hyperIncrease), range: TopologySection.rates,
                    meaning: "R_HAI: target-rate step of hyper increase. Written, it is the same at every line rate."),
                \.hyperIncrease, as: { .fixed($0) }, echo: rateStepEcho),
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
            .init(
                ScenarioKey(
                    "dcqcn_clamp_target_rate", default: d.clampTargetRate,
                    meaning:
                        "Whether every cut sets the target rate to the current one; false: only a cut after a timer step does, so consecutive cuts keep the rate to recover to."
                ), \.clampTargetRate),
        ]
    }

    static func rateStepText(_ value: RateScaled<Bandwidth>) -> String {
        switch value {
        case .fixed(let rate): rate.description
        case .perRate: "\(value) of the line rate"
        }
    }

    static func rateStepEcho(_ value: RateScaled<Bandwidth>) -> ResultValue {
        switch value {
        case .fixed(let rate): rate.echo
        case .perRate: .string(value.description)
        }
    }

    static func dcqcnStepsKey(_ d: DCQCNConfig) -> ScenarioKey<Int64> {
        ScenarioKey<Int64>(
            "dcqcn_fast_recovery_steps", default: Int64(d.fastRecoverySteps), range: 1...1000,
            meaning: "F: increase steps of fast recovery before additive and hyper increase.")
    }

    /// Every DCQCN parameter key, as the reference lists them, with the values of `d`.
    static func dcqcnDocumentation(_ d: DCQCNConfig) -> [KeyDocumentation] {
        dcqcnKeys(d).map(\.documentation) + [dcqcnStepsKey(d).documentation]
    }

    static func presetKey(_ fabric: FabricTechnology) -> ScenarioKey<DCQCNPreset> {
        ScenarioKey(
            "dcqcn", default: fabric == .roce ? .rate : .off,
            meaning:
                "DCQCN rate control at the NICs: rate (the set for the link's rate: ECN thresholds per port rate and increase steps per line rate, from the HPCC authors' simulator), paper (the DCQCN paper's 40 Gb/s set), connectx (NVIDIA ConnectX's firmware defaults) or off; each set brings its ECN thresholds (the paper's with paper and connectx), and the ecn_* and dcqcn_* keys override single values."
        )
    }

    static func documentation(_ fabric: FabricTechnology) -> [KeyDocumentation] {
        let defaults = fabric.defaults
        let pfc = pfcKeys(defaults.pfc)
        let ecn = ecnKeys(DCQCNPreset.rate.ecn, enabled: defaults.ecn != nil)
        let paperECN = ecnKeys(DCQCNPreset.paper.ecn, enabled: defaults.ecn != nil)
        var keys = [
            pfc.xoff.documentation, pfc.alpha.documentation, pfc.resume.documentation, pfc.response.documentation,
            pfc.quanta.documentation, pfc.deadlock.documentation, ecn.on.documentation,
        ]
        // The values of the rate set, beside the paper's where they differ.
        func beside(_ rate: [KeyDocumentation], _ paper: [KeyDocumentation]) -> [KeyDocumentation] {
            zip(rate, paper).map { rate, paper in
                var key = rate
                key.defaultValue +=
                    rate.defaultValue == paper.defaultValue
                    ? " (rate and paper sets)" : " (rate set; paper set: \(paper.defaultValue))"
                return key
            }
        }
        keys += beside(
            [ecn.kmin.documentation, ecn.kmax.documentation, ecn.pmax.documentation],
            [paperECN.kmin.documentation, paperECN.kmax.documentation, paperECN.pmax.documentation])
        keys.append(presetKey(fabric).documentation)
        keys += beside(dcqcnDocumentation(.perLinkRate), dcqcnDocumentation(.paper))
        if defaults.ecn != nil, let i = keys.firstIndex(where: { $0.name == "ecn" }) {
            keys[i].defaultValue += " (false with congestion_control: hpcc or swift)"
        }
        return keys
    }

    /// Reads the congestion keys into `config`; false if any was invalid. `controller`: the controller in force as
    /// info and the results name it (`dcqcn, rate set`, `dcqcn, paper set, with dcqcn_g written over`, `hpcc`).
    static func read(
        _ reader: inout SectionReader, fabric: FabricTechnology, into config: inout NetworkConfig,
        controller summary: inout String
    ) -> Bool {
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
        // unless written. Then the DCQCN set, which brings its ECN thresholds.
        let chosen = ControllerKeys.readChoice(&reader, fabric: fabric)
        if chosen == .some(nil) { valid = false }
        let marksRead = chosen.flatMap { $0 }?.readsMarks ?? true
        // An invalid set is reported and the keys after it are still read, against the rate set's values.
        let preset = reader.read(presetKey(fabric))
        if preset == nil { valid = false }
        valid = readECN(&reader, preset: preset, enabled: config.ecn != nil && marksRead, into: &config) && valid

        var dcqcn = preset?.config ?? .perLinkRate
        for key in dcqcnKeys(dcqcn) { valid = key.read(&reader, into: &dcqcn) && valid }
        if let steps = reader.read(dcqcnStepsKey(dcqcn)) { dcqcn.fastRecoverySteps = Int(steps) } else { valid = false }
        // Without a valid set or choice the controller meant is unknown, and so is which controller's keys count:
        // they are known keys, not judged.
        guard let preset, chosen != .some(nil) else {
            for name in ControllerKeys.hpccKeyNames + ControllerKeys.swiftKeyNames + ControllerKeys.nsccKeyNames {
                reader.declare(name)
            }
            return false
        }
        guard let controller = ControllerKeys.resolve(chosen.flatMap { $0 }, preset: preset, dcqcn: dcqcn, &reader)
        else { return false }
        config.congestionControl = controller
        summary = controller.name
        if case .dcqcn = controller {
            let keys = ecnKeys(preset.ecn, enabled: true)
            let written = ([keys.kmin.name, keys.kmax.name, keys.pmax.name] + dcqcnDocumentation(dcqcn).map(\.name))
                .filter(reader.contains)
            summary += ", \(preset.rawValue) set"
            if !written.isEmpty { summary += ", with \(written.joined(separator: ", ")) written over" }
        }
        return valid
    }

    /// The ECN keys: the preset's thresholds, each written one fixed. A threshold written beside one that follows
    /// the port's rate is refused: at some rate the fixed one would cross it. Without a valid preset (already
    /// reported) the keys are read against the rate set's thresholds, and only the values are judged.
    private static func readECN(
        _ reader: inout SectionReader, preset: DCQCNPreset?, enabled: Bool, into config: inout NetworkConfig
    ) -> Bool {
        var ecn = (preset ?? .rate).ecn
        let keys = ecnKeys(ecn, enabled: enabled)
        let on = reader.read(keys.on)
        let kmin = reader.readOptional(keys.kmin)
        let kmax = reader.readOptional(keys.kmax)
        let pmax = reader.read(keys.pmax)
        guard let on, let pmax, kmin != .some(nil), kmax != .some(nil) else { return false }
        if let kmin = kmin.flatMap({ $0 }) {
            ecn.kmin = .fixed(kmin)
        } else {
            reader.record(keys.kmin.name, echo: echo(ecn.kmin))
        }
        if let kmax = kmax.flatMap({ $0 }) {
            ecn.kmax = .fixed(kmax)
        } else {
            reader.record(keys.kmax.name, echo: echo(ecn.kmax))
        }
        ecn.pmax = pmax
        switch (ecn.kmin, ecn.kmax) {
        case (.fixed(let low), .fixed(let high)):
            if high <= low {
                reader.reject(keys.kmax.name, "found \(high); expected more than ecn_kmin (\(low))")
                return false
            }
        case (.fixed, .perRate), (.perRate, .fixed):
            guard let preset else { return false }
            let written = kmin != nil ? keys.kmin.name : keys.kmax.name
            let other = kmin != nil ? keys.kmax.name : keys.kmin.name
            let follows = kmin != nil ? ecn.kmax : ecn.kmin
            reader.reject(
                written,
                "is the same at every port, but \(other) follows the port's rate (\(follows), dcqcn: \(preset.rawValue)); expected \(other) written too, or neither"
            )
            return false
        case (.perRate, .perRate):
            break
        }
        config.ecn = on ? ecn : nil
        return true
    }
}

/// A scenario key bound to the field of a configuration it sets: lets a long list of keys be read in one loop.
struct ScenarioKeyReader<Config> {
    let documentation: KeyDocumentation
    let read: (inout SectionReader, inout Config) -> Bool

    init<Value: ScenarioValue>(_ key: ScenarioKey<Value>, _ field: WritableKeyPath<Config, Value>) {
        self.init(key, field, as: { $0 }, echo: \.echo)
    }

    /// A key whose value the field holds as `wrap` makes it (a bandwidth as a fixed `RateScaled`, a size as an
    /// optional). A key without a default leaves the field as it is when the scenario does not write it, and
    /// echoes what it holds.
    init<Value: ScenarioValue, Field>(
        _ key: ScenarioKey<Value>, _ field: WritableKeyPath<Config, Field>, as wrap: @escaping (Value) -> Field,
        echo: @escaping (Field) -> ResultValue
    ) {
        documentation = key.documentation
        read = { reader, config in
            if key.defaultValue == nil, !reader.contains(key.name) {
                reader.declare(key.name)
                reader.record(key.name, echo: echo(config[keyPath: field]))
                return true
            }
            guard let value = reader.read(key) else { return false }
            config[keyPath: field] = wrap(value)
            return true
        }
    }

    func read(_ reader: inout SectionReader, into config: inout Config) -> Bool { read(&reader, &config) }
}
