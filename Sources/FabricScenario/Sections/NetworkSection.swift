import FabricKernel
import FabricNetwork
import FabricTransport

/// The fabric technology; `fabric:` at the top level chooses the defaults of the whole `network:` section, so that
/// one key turns the same topology and job from RoCEv2 into InfiniBand.
public enum FabricTechnology: String, ScenarioChoice {
    case roce
    case infiniband

    public var defaults: NetworkConfig { self == .roce ? .roce : .infiniband }
}

extension NetworkConfig.Switching: ScenarioChoice {}
extension NetworkConfig.FlowControl: ScenarioChoice {}
extension NetworkConfig.LoadBalancing: ScenarioChoice {}
extension Fidelity: ScenarioChoice {}

/// `network:` — framing, switches, flow control, load balancing and transport. Every default comes from
/// `fabric` (RoCEv2 or InfiniBand); sources in docs/network-model.md.
enum NetworkSection {
    static let fabric = ScenarioKey<FabricTechnology>(
        "fabric", default: .roce, meaning: "The fabric technology; sets every default of the network section.")

    static func keys(_ d: NetworkConfig) -> (
        mtu: ScenarioKey<Int64>, header: ScenarioKey<Int64>, ack: ScenarioKey<Int64>,
        switching: ScenarioKey<NetworkConfig.Switching>,
        latency: ScenarioKey<SimTime>, flowControl: ScenarioKey<NetworkConfig.FlowControl>,
        buffer: ScenarioKey<ByteCount>,
        alpha: ScenarioKey<Double>, creditBuffer: ScenarioKey<ByteCount>,
        loadBalancing: ScenarioKey<NetworkConfig.LoadBalancing>,
        rto: ScenarioKey<SimTime>, reorder: ScenarioKey<Bool>, convergence: ScenarioKey<SimTime>,
        hybrid: ScenarioKey<Bool>
    ) {
        (
            ScenarioKey(
                "mtu", default: Int64(d.mtu), range: 256...65_536, meaning: "Payload bytes per packet (the path MTU)."),
            ScenarioKey(
                "header_bytes", default: Int64(d.headerBytes), range: 0...1024,
                meaning:
                    "Bytes a data packet adds on the wire: headers, trailers, and on Ethernet preamble and inter-frame gap."
            ),
            ScenarioKey(
                "ack_bytes", default: Int64(d.ackBytes), range: 1...1024,
                meaning: "Bytes an acknowledgement occupies on the wire."),
            ScenarioKey(
                "switching", default: d.switching,
                meaning: "Store-and-forward, or cut-through (forward once the header is in)."),
            ScenarioKey(
                "switch_latency", default: d.switchLatency, range: SimTime.zero...SimTime.microseconds(100),
                meaning: "A switch's pipeline latency, port to port."),
            ScenarioKey(
                "flow_control", default: d.flowControl,
                meaning:
                    "none: a full buffer drops and go-back-N recovers; pfc: Ethernet priority flow control pauses the upstream, lossless; credits: InfiniBand credit-based flow control, lossless."
            ),
            ScenarioKey(
                "switch_buffer", default: d.switchBuffer, range: ByteCount(4096)...ByteCount(16_000_000_000),
                meaning: "Shared packet buffer of each switch."),
            ScenarioKey(
                "buffer_alpha", default: d.bufferAlpha, range: 0.0001...1024,
                meaning: "Dynamic-threshold alpha: an egress queue may hold alpha × the free shared buffer."),
            ScenarioKey(
                "credit_buffer", default: d.creditBuffer, range: ByteCount(8192)...ByteCount(1_000_000_000),
                meaning: "With credits: buffer per input port and traffic class that the receiver advertises."),
            ScenarioKey(
                "load_balancing", default: d.loadBalancing,
                meaning:
                    "ecmp: a path per flow by hash; spray: each packet the next equal-cost port; adaptive: the least-occupied one; entropy-spray: each packet of a flow the next of its spray_entropies entropy values, hashed as ecmp hashes a flow (Ultra Ethernet)."
            ),
            ScenarioKey(
                "retransmit_timeout", default: d.retransmitTimeout,
                range: SimTime.microseconds(1)...SimTime.seconds(10),
                meaning: "Go back to the first unacknowledged packet when nothing was acknowledged for this long."),
            ScenarioKey(
                "reorder_tolerant", default: d.receiver == .selective,
                meaning:
                    "Receivers accept packets out of order (needed with spray or adaptive); otherwise strict go-back-N."
            ),
            ScenarioKey(
                "convergence_delay", default: .microseconds(50), range: SimTime.zero...SimTime.seconds(10),
                meaning: "Time routing takes to stop using a failed cable (and to use it again)."),
            ScenarioKey(
                "hybrid", default: false,
                meaning:
                    "Allow mechanisms of the other fabric: credits under roce, or pfc, ecn, dcqcn and hpcc under infiniband. Without it such a key is an error, so that a key pinned in a file cannot silently survive a --set fabric=…; with it, info and the results name the hybrid."
            )
        )
    }

    /// `trimming`, read only when written (so a scenario without it reads, and echoes, as before the key existed).
    static let trimming = ScenarioKey<Bool>(
        "trimming", default: false,
        meaning:
            "Packet trimming, with flow_control: none: a data packet a full buffer would drop is cut to its 64-byte headers and sent on ahead of data; its receiver NACKs it and the sender resends that packet at once, without a timeout (NDP; Ultra Ethernet)."
    )

    /// `spray_entropies`, read only when written.
    static let sprayEntropies = ScenarioKey<Int64>(
        "spray_entropies", default: Int64(NetworkConfig.roce.sprayEntropies), range: 1...65_536,
        meaning:
            "With load_balancing: entropy-spray, the entropy values each flow sprays its packets over in turn (at most 65,536: a 16-bit field); 1 is ecmp."
    )

    /// `receiver_credits` and `receiver_credit_budget`, read only when written.
    static let receiverCredits = ScenarioKey<Bool>(
        "receiver_credits", default: false,
        meaning:
            "Receivers grant their senders credit for new data so that all of a receiver's senders together keep about a BDP in flight toward it; a flow starts with an unsolicited window of 4 packets (after Ultra Ethernet's receiver-credit control)."
    )
    static let receiverCreditBudget = ScenarioKey<Double>(
        "receiver_credit_budget", default: ReceiverCreditConfig.standard.budget, range: 0.05...100,
        meaning:
            "With receiver_credits: the credit a receiver keeps granted and not yet received, in BDPs of its link over its flows' base round trip (plus one grant of 4 packets)."
    )

    static func documentation(_ fabric: FabricTechnology) -> SectionDocumentation {
        let k = keys(fabric.defaults)
        return SectionDocumentation(
            path: "network (fabric: \(fabric.rawValue))",
            summary: fabric == .roce
                ? "RoCEv2 over Ethernet defaults: store-and-forward switches with a shared buffer, ECMP, strict go-back-N."
                : "InfiniBand defaults: cut-through switches, credit-based flow control, adaptive routing, out-of-order placement.",
            keys: [
                k.mtu.documentation, k.header.documentation, k.ack.documentation, k.switching.documentation,
                k.latency.documentation, k.flowControl.documentation, k.buffer.documentation, k.alpha.documentation,
                k.creditBuffer.documentation, k.loadBalancing.documentation, sprayEntropies.documentation,
                k.rto.documentation,
                k.reorder.documentation, trimming.documentation, receiverCredits.documentation,
                receiverCreditBudget.documentation, k.convergence.documentation,
                NetworkProfile.key.documentation,
            ] + CongestionKeys.documentation(fabric) + ControllerKeys.documentation(fabric)
                + ConnectionKeys.documentation
                + [k.hybrid.documentation])
    }

    /// The network a scenario describes: its configuration, routing's convergence delay, and, for a hybrid, what
    /// it borrows from the other fabric.
    struct Reading {
        var config: NetworkConfig
        var convergence: SimTime
        var hybrid: String?
        /// The profile, as results name it (`meta, with queue_pairs written over`); nil without one.
        var profile: String?
        /// The congestion controller, as results name it (`dcqcn, rate set`).
        var controller: String
    }

    static func read(_ reader: inout SectionReader, fabric: FabricTechnology) -> Reading? {
        let k = keys(fabric.defaults)
        // Every key is read, whatever was refused before it, so that each problem is reported once and no key
        // after a refused one is reported as unknown. A check across keys runs when the keys it relates are valid;
        // any problem leaves `valid` false, and no network is built.
        var valid = true
        var config = fabric.defaults
        /// The value of `key`, applied to `config` by `set`; nil (reported where it is written) when invalid.
        @discardableResult
        func apply<Value>(_ key: ScenarioKey<Value>, _ set: (inout NetworkConfig, Value) -> Void = { _, _ in })
            -> Value?
        {
            let value = reader.read(key)
            if let value { set(&config, value) } else { valid = false }
            return value
        }
        // The profile first: its keys join the document before any key is read.
        var profile: String?
        switch reader.readOptional(NetworkProfile.key) {
        case .none: break
        case .some(nil): valid = false
        case .some(let chosen?) where fabric != .roce:
            reader.reject(
                NetworkProfile.key.name,
                "is \(chosen.rawValue), a group of RoCEv2 keys, but the fabric is \(fabric.rawValue); expected no profile under infiniband, or fabric: roce"
            )
            valid = false
        case .some(let chosen?):
            let overridden = reader.addDefaults(chosen.keys, at: reader.location(of: NetworkProfile.key.name))
            profile = chosen.summary(overridden: overridden)
        }
        let mtu = apply(k.mtu) { $0.mtu = Int($1) }
        let header = apply(k.header) { $0.headerBytes = Int($1) }
        apply(k.ack) { $0.ackBytes = Int($1) }
        apply(k.switching) { $0.switching = $1 }
        apply(k.latency) { $0.switchLatency = $1 }
        let flowControl = apply(k.flowControl) { $0.flowControl = $1 }
        apply(k.buffer) { $0.switchBuffer = $1 }
        apply(k.alpha) { $0.bufferAlpha = $1 }
        let creditBuffer = apply(k.creditBuffer) { $0.creditBuffer = $1 }
        let loadBalancing = apply(k.loadBalancing) { $0.loadBalancing = $1 }
        apply(k.rto) { $0.retransmitTimeout = $1 }
        apply(k.reorder) { $0.receiver = $1 ? .selective : .goBackN }
        let convergence = apply(k.convergence)
        let trims = reader.readOptional(trimming)
        let entropies = reader.readOptional(sprayEntropies)
        let credits = reader.readOptional(receiverCredits)
        let creditBudget = reader.readOptional(receiverCreditBudget)
        if trims == .some(nil) || entropies == .some(nil) || credits == .some(nil) || creditBudget == .some(nil) {
            valid = false
        }
        if let entropies = entropies.flatMap({ $0 }), let loadBalancing {
            if loadBalancing == .entropySpray {
                config.sprayEntropies = Int(entropies)
            } else {
                reader.reject(
                    sprayEntropies.name,
                    "sets the entropies of entropy spraying, but load_balancing is \(loadBalancing.rawValue); expected no spray_entropies key, or load_balancing: entropy-spray"
                )
                valid = false
            }
        }
        if credits.flatMap({ $0 }) == true {
            config.receiverCredits = ReceiverCreditConfig(budget: creditBudget.flatMap { $0 } ?? 1)
        } else if creditBudget != nil, credits != .some(nil) {
            reader.reject(
                receiverCreditBudget.name,
                "sets the budget of receiver credits, but receiver_credits is \(credits == nil ? "not written (so false)" : "false"); expected no receiver_credit_budget key, or receiver_credits: true"
            )
            valid = false
        }
        let trimmed = trims.flatMap { $0 } ?? false
        if trimmed, let flowControl, flowControl != .none {
            reader.reject(
                trimming.name,
                "is true, but flow_control is \(flowControl.rawValue), which never drops for a full buffer; expected flow_control: none (trimming replaces a lossy fabric's drops), or trimming: false"
            )
            valid = false
        } else {
            config.trimming = trimmed
        }
        valid = ConnectionKeys.read(&reader, into: &config) && valid
        var controller = ""
        valid = CongestionKeys.read(&reader, fabric: fabric, into: &config, controller: &controller) && valid
        let hybrid = apply(k.hybrid)
        // A refused or invalid key left its field at the fabric's default, which borrows nothing.
        let controllerKey = reader.contains(ControllerKeys.name) ? ControllerKeys.name : "dcqcn"
        let mixing = FabricMixing(config, fabric: fabric, controllerKey: controllerKey)
        if let hybrid { valid = mixing.check(reader, fabric: fabric, hybrid: hybrid) && valid }
        if flowControl == .credits, let creditBuffer, let mtu, let header, creditBuffer.bytes < mtu + header {
            reader.reject(
                "credit_buffer",
                "found \(creditBuffer); expected at least one full packet (\(mtu + header) bytes), or no packet could ever be sent"
            )
            valid = false
        }
        guard valid, let convergence else { return nil }
        return Reading(
            config: config, convergence: convergence, hybrid: mixing.description(fabric: fabric), profile: profile,
            controller: controller)
    }
}
