import FabricNetwork
import FabricTransport

/// The mechanisms of one fabric technology found in a network of the other: InfiniBand's credit-based flow control
/// under RoCE, or Ethernet's PFC, ECN marking, DCQCN and HPCC under InfiniBand.
///
/// A scenario mixes them only when it says so (`network.hybrid: true`): otherwise a key pinned in a file keeps its
/// value when `--set fabric=…` changes the fabric, and the run would silently be neither fabric (RoCE with credits
/// and DCQCN, reported as "lossless under credits"). A hybrid is shown as such by `fabricsim info`, the terminal
/// summary, summary.json and the report.
struct FabricMixing {
    /// One borrowed mechanism: the key that turns it on, what it is, and what the fabric itself uses instead.
    struct Borrowed {
        var key: String
        var mechanism: String
        var native: String
    }

    let borrowed: [Borrowed]

    /// `controllerKey`: the key that chose the congestion controller (`congestion_control`, or `dcqcn` when the
    /// scenario writes only that).
    init(_ config: NetworkConfig, fabric: FabricTechnology, controllerKey: String) {
        var borrowed: [Borrowed] = []
        switch fabric {
        case .roce:
            if config.flowControl == .credits {
                borrowed.append(
                    Borrowed(
                        key: "flow_control", mechanism: "InfiniBand's credit-based flow control (credits)",
                        native: "pfc or none"))
            }
        case .infiniband:
            if config.flowControl == .pfc {
                borrowed.append(
                    Borrowed(
                        key: "flow_control", mechanism: "Ethernet's priority flow control (pfc)",
                        native: "credits or none"))
            }
            if config.ecn != nil {
                borrowed.append(
                    Borrowed(key: "ecn", mechanism: "RoCEv2's ECN marking (ecn: true)", native: "ecn: false"))
            }
            if config.trimming {
                borrowed.append(
                    Borrowed(
                        key: "trimming", mechanism: "Ethernet switches' packet trimming (trimming: true)",
                        native: "trimming: false"))
            }
            let none = controllerKey == "dcqcn" ? "dcqcn: off" : "\(controllerKey): none"
            switch config.congestionControl {
            case .none, .swift, .nscc: break
            case .dcqcn:
                borrowed.append(Borrowed(key: controllerKey, mechanism: "RoCEv2's DCQCN rate control", native: none))
            case .hpcc:
                borrowed.append(
                    Borrowed(
                        key: controllerKey, mechanism: "HPCC, from Ethernet switches' in-band telemetry",
                        native: none))
            }
        }
        self.borrowed = borrowed
    }

    /// How a hybrid reads in results: `roce with InfiniBand's credit-based flow control (credits)`; nil when the
    /// network is all one fabric.
    func description(fabric: FabricTechnology) -> String? {
        borrowed.isEmpty ? nil : "\(fabric.rawValue) with " + borrowed.map(\.mechanism).joined(separator: ", ")
    }

    /// Reports every borrowed mechanism at its key, unless the scenario asked for a hybrid.
    func check(_ reader: SectionReader, fabric: FabricTechnology, hybrid: Bool) -> Bool {
        guard !hybrid else { return true }
        for item in borrowed {
            reader.reject(
                item.key,
                "turns on \(item.mechanism), which belongs to the other fabric, but the fabric is \(fabric.rawValue); expected \(item.native) (remove the key for \(fabric.rawValue)'s default), or network.hybrid: true to mix the two fabrics' mechanisms on purpose"
            )
        }
        return borrowed.isEmpty
    }
}
