import FabricMetrics

/// How finely the network is simulated (`fidelity:` in a scenario).
public enum Fidelity: String, Sendable, CaseIterable {
    /// Packets, queues, buffers, flow control: the ground truth for tails, pauses and microbursts.
    case packet
    /// Fluid flows sharing links max-min fairly: no queues, so no queueing delay, ECN, PFC, congestion control,
    /// drops or credit stalls; orders of magnitude faster.
    case flow

    /// Whether the model counts packets and sees queues: packets injected, dropped and retransmitted, hops,
    /// queue depths, pauses, marks and credit stalls. A report of a model that does not writes those figures as
    /// null (not available), never as zeros it did not measure.
    public var resolvesPackets: Bool { self == .packet }

    /// What a run at this fidelity cannot see; results say so instead of reporting zeros.
    public var notModelled: [String] {
        switch self {
        case .packet: []
        case .flow:
            [
                "queueing delay", "ECN marking", "PFC pauses", "congestion control", "drops and retransmissions",
                "credit stalls",
            ]
        }
    }

    /// `value` when the model counts packets and sees queues, else null: how a report writes a packet figure.
    public func packetFigure(_ value: @autoclosure () -> ResultValue) -> ResultValue {
        resolvesPackets ? value() : .null
    }
}
