/// `network.profile`: a named group of network keys that together make one way of running RoCEv2 (or Ethernet
/// AI fabrics) as it is deployed — the controller, flow control, ECN, load balancing, receivers and connections
/// that go together. A profile only supplies values: every key it sets may still be written, and the written
/// value wins, key by key. Sources and assumptions of each group: docs/network-model.md, "Profiles".
///
/// A profile works on the document, not on the configuration: its keys are read as if written at the `profile`
/// line, so they are validated, echoed into the results and refused in contradictory combinations exactly as the
/// same keys written by hand.
public enum NetworkProfile: String, ScenarioChoice {
    /// DCQCN from ECN marks over PFC: the RoCEv2 of the NIC vendors' defaults.
    case dcqcn
    /// HPCC from in-band telemetry over PFC (Alibaba).
    case hpcc
    /// Swift's delay-based window over PFC (Google's Swift, on an RDMA NIC).
    case swift
    /// No end-to-end congestion control; PFC, ECMP over several queue pairs per connection, and receiver-driven
    /// admission of collective messages (Meta's training fabrics).
    case meta
    /// Per-packet adaptive routing on queue depth, reordering NICs, and telemetry-based window control over PFC
    /// (NVIDIA Spectrum-X).
    case spectrumX = "spectrum-x"
    /// Ultra Ethernet: lossy (no PFC), packet trimming, spraying over many entropies, reordering receivers, NSCC's
    /// window from ECN and delay, and receiver credits against incast.
    case uec

    /// The keys the profile sets, with their values as a scenario would write them.
    public var keys: [(key: String, value: String)] {
        switch self {
        case .dcqcn:
            [("flow_control", "pfc"), ("ecn", "true"), ("congestion_control", "dcqcn"), ("load_balancing", "ecmp")]
        case .hpcc:
            [("flow_control", "pfc"), ("ecn", "false"), ("congestion_control", "hpcc"), ("load_balancing", "ecmp")]
        case .swift:
            [("flow_control", "pfc"), ("ecn", "false"), ("congestion_control", "swift"), ("load_balancing", "ecmp")]
        case .meta:
            [
                ("flow_control", "pfc"), ("ecn", "false"), ("congestion_control", "none"), ("load_balancing", "ecmp"),
                ("queue_pairs", "4"), ("queue_pair_use", "round-robin"), ("receiver_admission", "4"),
            ]
        case .spectrumX:
            [
                ("flow_control", "pfc"), ("ecn", "false"), ("congestion_control", "hpcc"),
                ("load_balancing", "adaptive"), ("reorder_tolerant", "true"),
            ]
        case .uec:
            [
                ("flow_control", "none"), ("trimming", "true"), ("ecn", "true"), ("ecn_kmin", "30KB"),
                ("ecn_kmax", "120KB"), ("ecn_pmax", "1"), ("congestion_control", "nscc"),
                ("load_balancing", "entropy-spray"), ("reorder_tolerant", "true"), ("receiver_credits", "true"),
            ]
        }
    }

    /// The profile as `fabricsim info` and the results name it: its name, and which of its keys the scenario
    /// wrote over.
    public func summary(overridden: [String]) -> String {
        let written = keys.map(\.key).filter(overridden.contains)
        guard !written.isEmpty else { return rawValue }
        return "\(rawValue), with \(written.joined(separator: ", ")) written over"
    }

    static let key = ScenarioKey<NetworkProfile>(
        "profile", defaultText: "none",
        meaning:
            "A named group of keys for one deployed way of running RoCEv2: dcqcn, hpcc, swift, meta (no end-to-end control; PFC, 4 queue pairs per connection, receiver admission 4), spectrum-x (adaptive routing, reordering NICs, telemetry window) or uec (Ultra Ethernet: lossy with trimming, entropy spraying, reordering NICs, NSCC, receiver credits). Each key it sets may still be written, and the written value wins."
    )
}
