import FabricKernel
import FabricNetwork
import FabricTransport

/// The congestion controller at the NICs, as `network.congestion_control` names it.
public enum CongestionControlChoice: String, ScenarioChoice {
    case none
    case dcqcn
    case hpcc
    case swift
    case nscc

    /// Controllers that read no ECN marks: under them ECN marking is off unless `ecn` is written.
    var readsMarks: Bool { self == .dcqcn || self == .none || self == .nscc }
}

/// `network.congestion_control`, which chooses the controller, and the keys of controllers other than DCQCN (HPCC's
/// `hpcc_*`); DCQCN's own keys, older than the choice, are in CongestionKeys.swift. `dcqcn: off` without the choice
/// still means no controller. Keys of a controller that is not the one chosen are refused, so that a value written
/// for one never silently does nothing under another.
///
/// `congestion_control` and the `hpcc_*` and `swift_*` keys are echoed into the results only when the scenario
/// writes them or chooses their controller: a scenario that does neither reads exactly as it did before the choice existed.
enum ControllerKeys {
    static let name = "congestion_control"

    static func choiceKey(_ fabric: FabricTechnology) -> ScenarioKey<CongestionControlChoice> {
        ScenarioKey(
            name, default: fabric == .roce ? .dcqcn : CongestionControlChoice.none,
            defaultText: fabric == .roce ? "dcqcn (none with dcqcn: off)" : "none",
            meaning:
                "The congestion controller at the NICs: none (senders at line rate), dcqcn (rate control from ECN marks; its parameters are the dcqcn and dcqcn_* keys), hpcc (a window from in-band telemetry, the hpcc_* keys), swift (a window from the measured round trip against a target delay, the swift_* keys) or nscc (Ultra Ethernet's window from ECN marks and delay, the nscc_* keys); ECN is off under hpcc and swift unless ecn is written."
        )
    }

    static func hpccKeys(_ d: HPCCConfig) -> (
        target: ScenarioKey<Double>, stages: ScenarioKey<Int64>, increase: ScenarioKey<Bandwidth>,
        flows: ScenarioKey<Double>, minimum: ScenarioKey<Bandwidth>
    ) {
        (
            ScenarioKey(
                "hpcc_target_utilisation", default: d.targetUtilisation, range: 0.05...1.0,
                meaning:
                    "η: the utilisation (in-flight bytes over the bandwidth-delay product) HPCC drives each link to."
            ),
            ScenarioKey(
                "hpcc_max_stage", default: Int64(d.maxStage), range: 0...1000,
                meaning:
                    "maxStage: additive-increase rounds while the links stay below η before the window also grows multiplicatively."
            ),
            ScenarioKey(
                "hpcc_additive_increase",
                defaultText:
                    "the sender's line rate × (1 − η) / hpcc_expected_flows: 500 Mb/s at 100 Gb/s, 2 Gb/s at 400 Gb/s",
                range: TopologySection.rates,
                meaning:
                    "W_AI as a rate: the window's additive step is this rate times the flow's base round trip. Written, it is the same at every line rate."
            ),
            ScenarioKey(
                "hpcc_expected_flows", default: d.expectedFlows, range: 1.0...1_000_000.0,
                meaning:
                    "N, the flows a link is expected to carry at once; unless hpcc_additive_increase is written, W_AI = W_init × (1 − η) / N (the HPCC paper's rule), so that N flows' additive steps fill the (1 − η) headroom. 125 gives the HPCC authors' run.py step (10 Mb/s per 25 Gb/s of line rate) at η = 0.95."
            ),
            ScenarioKey(
                "hpcc_minimum_rate", default: d.minimumRate, range: TopologySection.rates,
                meaning: "No flow's window is cut below this rate times its base round trip."),
        )
    }

    static func swiftKeys(_ d: SwiftCongestionConfig) -> [ScenarioKeyReader<SwiftCongestionConfig>] {
        [
            .init(
                ScenarioKey(
                    "swift_base_target", default: d.baseTarget, range: SimTime.nanoseconds(100)...SimTime.seconds(1),
                    meaning:
                        "The target round trip of a one-switch path at a large window: the unloaded round trip plus the queueing Swift tolerates."
                ), \.baseTarget),
            .init(
                ScenarioKey(
                    "swift_per_hop", default: d.perHop, range: SimTime.zero...SimTime.milliseconds(10),
                    meaning: "Topology scaling: target added per switch on the path beyond the first."), \.perHop),
            .init(
                ScenarioKey(
                    "swift_flow_scaling", default: d.flowScalingRange, range: SimTime.zero...SimTime.seconds(1),
                    meaning:
                        "Flow scaling: target added at small windows (the most, at 0.1 packet and below), falling as 1/√window to none at 100 packets."
                ), \.flowScalingRange),
            .init(
                ScenarioKey(
                    "swift_additive_increase", default: d.additiveIncrease, range: 0.001...1000,
                    meaning: "Packets of window added per round trip while the delay is below the target."),
                \.additiveIncrease),
            .init(
                ScenarioKey(
                    "swift_beta", default: d.beta, range: 0.0...1.0,
                    meaning: "β: a cut takes β × (delay − target) ÷ delay off the window, at most once per round trip."),
                \.beta),
            .init(
                ScenarioKey(
                    "swift_maximum_decrease", default: d.maximumDecrease, range: 0.0...1.0,
                    meaning: "The largest fraction one cut may take off the window."), \.maximumDecrease),
        ]
    }

    /// NSCC's target delay: optional (derived from each flow's base round trip when not written).
    static let nsccTarget = ScenarioKey<SimTime>(
        "nscc_target_delay",
        defaultText: "3/4 of each flow's base round trip with trimming, one base round trip without",
        range: SimTime.nanoseconds(10)...SimTime.milliseconds(100),
        meaning:
            "The queueing delay NSCC aims for: above it unmarked ACKs grow the window fairly and marked ones cut it.")

    static func nsccKeys(_ d: NSCCConfig) -> [ScenarioKeyReader<NSCCConfig>] {
        [
            .init(
                ScenarioKey(
                    "nscc_gamma", default: d.gamma, range: 0.0...1.0,
                    meaning:
                        "γ: a cut takes γ × (average delay − target) ÷ average delay off the window, at most once per base round trip."
                ), \.gamma),
            .init(
                ScenarioKey(
                    "nscc_maximum_decrease", default: d.maximumDecrease, range: 0.0...1.0,
                    meaning: "The largest fraction one cut may take off the window."), \.maximumDecrease),
            .init(
                ScenarioKey(
                    "nscc_fair_increase", default: d.fairIncrease, range: 0.0...1000,
                    meaning:
                        "MTUs per round trip every window grows by above the target without marks, scaled by the flow's BDP over 100 Gb/s × 12 µs."
                ), \.fairIncrease),
            .init(
                ScenarioKey(
                    "nscc_proportional_increase", default: d.proportionalIncrease, range: 0.0...1000,
                    meaning:
                        "MTUs per round trip the window grows by at zero delay, falling linearly to none at the target (scaled by BDP and target)."
                ), \.proportionalIncrease),
            .init(
                ScenarioKey(
                    "nscc_fast_increase", default: d.fastIncrease, range: 0.0...100,
                    meaning:
                        "On a clear path (delay under 1 µs for a window's worth), the window grows by this fraction of the bytes acknowledged (scaled by BDP)."
                ), \.fastIncrease),
            .init(
                ScenarioKey(
                    "nscc_eta", default: d.eta, range: 0.0...1000,
                    meaning: "η: MTUs added once per base round trip whatever the signals (scaled by BDP)."), \.eta),
            .init(
                ScenarioKey(
                    "nscc_maximum_window", default: d.maximumWindow, range: 0.01...1000,
                    meaning: "The window's ceiling in bandwidth-delay products; a flow starts there."),
                \.maximumWindow),
        ]
    }

    static var nsccKeyNames: [String] { [nsccTarget.name] + nsccKeys(.standard).map(\.documentation.name) }

    /// Every key of DCQCN's: refused beside another controller.
    static var dcqcnKeyNames: [String] {
        ["dcqcn"] + CongestionKeys.dcqcnDocumentation(.perLinkRate).map(\.name)
    }

    static var hpccKeyNames: [String] {
        let k = hpccKeys(.paper)
        return [k.target.name, k.stages.name, k.increase.name, k.flows.name, k.minimum.name]
    }

    static var swiftKeyNames: [String] { swiftKeys(.standard).map(\.documentation.name) }

    static func documentation(_ fabric: FabricTechnology) -> [KeyDocumentation] {
        let k = hpccKeys(.paper)
        return [
            choiceKey(fabric).documentation, k.target.documentation, k.stages.documentation,
            k.increase.documentation, k.flows.documentation, k.minimum.documentation,
        ] + swiftKeys(.standard).map(\.documentation) + [nsccTarget.documentation]
            + nsccKeys(.standard).map(\.documentation)
    }

    /// The controller the scenario writes, if it writes one; `.some(nil)` when the value is invalid.
    static func readChoice(_ reader: inout SectionReader, fabric: FabricTechnology) -> CongestionControlChoice?? {
        reader.readOptional(choiceKey(fabric))
    }

    /// The controller in force: the one written, with its own keys, or — when none is written — what `dcqcn`
    /// (`preset`) says. `dcqcn` holds DCQCN's parameters as its keys read them. Nil, with a diagnostic at the key,
    /// when keys contradict the choice.
    static func resolve(
        _ chosen: CongestionControlChoice?, preset: DCQCNPreset, dcqcn: DCQCNConfig, _ reader: inout SectionReader
    ) -> CongestionControlConfig? {
        let choice = chosen ?? (preset == .off ? .none : .dcqcn)
        let controller =
            chosen.map { "congestion_control is \($0.rawValue)" }
            ?? "congestion_control is not written (so \(choice.rawValue))"
        var valid = true
        if choice != .hpcc {
            valid = refuse(hpccKeyNames, of: "HPCC's", expected: "congestion_control: hpcc", controller, &reader)
        }
        if choice != .swift {
            valid =
                refuse(swiftKeyNames, of: "Swift's", expected: "congestion_control: swift", controller, &reader)
                && valid
        }
        if choice != .nscc {
            valid =
                refuse(nsccKeyNames, of: "NSCC's", expected: "congestion_control: nscc", controller, &reader) && valid
        }
        switch choice {
        case .none:
            guard chosen != nil else { return valid ? CongestionControlConfig.none : nil }
            let parameters = dcqcnKeyNames.filter { $0 != "dcqcn" }
            valid =
                refuse(parameters, of: "DCQCN's", expected: "congestion_control: dcqcn", controller, &reader) && valid
            if preset != .off, reader.contains("dcqcn") {
                reader.reject(
                    "dcqcn",
                    "is \(preset.rawValue), but \(controller); expected dcqcn: off or no dcqcn key, or congestion_control: dcqcn"
                )
                valid = false
            }
            return valid ? CongestionControlConfig.none : nil
        case .dcqcn:
            if preset == .off, reader.contains("dcqcn") {
                reader.reject(
                    "dcqcn",
                    "is off, but \(controller); expected rate, paper or connectx (or no dcqcn key, for the rate set), or congestion_control: none"
                )
                valid = false
            }
            return valid ? .dcqcn(dcqcn) : nil
        case .hpcc:
            valid =
                refuse(dcqcnKeyNames, of: "DCQCN's", expected: "congestion_control: dcqcn", controller, &reader)
                && valid
            let hpcc = readHPCC(&reader)
            guard valid, let hpcc else { return nil }
            return .hpcc(hpcc)
        case .swift:
            valid =
                refuse(dcqcnKeyNames, of: "DCQCN's", expected: "congestion_control: dcqcn", controller, &reader)
                && valid
            var swift = SwiftCongestionConfig.standard
            for key in swiftKeys(swift) { valid = key.read(&reader, into: &swift) && valid }
            return valid ? .swift(swift) : nil
        case .nscc:
            valid =
                refuse(dcqcnKeyNames, of: "DCQCN's", expected: "congestion_control: dcqcn", controller, &reader)
                && valid
            var nscc = NSCCConfig.standard
            switch reader.readOptional(nsccTarget) {
            case .none: break
            case .some(nil): valid = false
            case .some(let target?): nscc.targetDelay = target
            }
            for key in nsccKeys(nscc) { valid = key.read(&reader, into: &nscc) && valid }
            return valid ? .nscc(nscc) : nil
        }
    }

    /// Reports each of `names` the scenario writes: keys of a controller that is not in force (known keys, not
    /// misspellings). False if any was.
    private static func refuse(
        _ names: [String], of owner: String, expected: String, _ controller: String, _ reader: inout SectionReader
    ) -> Bool {
        var valid = true
        for name in names { reader.declare(name) }
        for name in names where reader.contains(name) {
            reader.reject(
                name, "sets one of \(owner) parameters, but \(controller); expected no \(name) key, or \(expected)")
            valid = false
        }
        return valid
    }

    private static func readHPCC(_ reader: inout SectionReader) -> HPCCConfig? {
        var config = HPCCConfig.paper
        let k = hpccKeys(config)
        let target = reader.read(k.target)
        let stages = reader.read(k.stages)
        let increase = reader.readOptional(k.increase)
        let flows = reader.read(k.flows)
        let minimum = reader.read(k.minimum)
        guard let target, let stages, let flows, let minimum, increase != .some(nil) else { return nil }
        config.expectedFlows = flows
        config.targetUtilisation = target
        config.maxStage = Int(stages)
        config.additiveIncrease = increase.flatMap { $0 }
        config.minimumRate = minimum
        return config
    }
}
