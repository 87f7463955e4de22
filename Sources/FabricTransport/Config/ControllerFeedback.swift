/// What a congestion controller needs the packet network to provide beyond calling its hooks. Each costs work per
/// packet or per flow, so the network provides it only when the controller in force asks; it reads this once, when
/// it is built (`CongestionControlConfig.feedback`).
public struct ControllerFeedback: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Switches write a hop record into each data packet at egress and receivers echo them in their ACKs: in-band
    /// network telemetry, as HPCC reads it (FabricNetwork/Packets/InBandTelemetry.swift).
    public static let inBandTelemetry = ControllerFeedback(rawValue: 1 << 0)
    /// Each flow's round trip on its idle path — a full data packet out, its ACK back — computed when it takes its
    /// slot (`Transport.onePacketLatency`): T for a window-based controller.
    public static let baseRoundTrip = ControllerFeedback(rawValue: 1 << 1)
    /// The window counts the data packets a flow has sent and not yet had answered by an ACK or NACK, as a NIC with
    /// selective acknowledgement counts what is in flight (UET), rather than the bytes not yet cumulatively
    /// acknowledged: a packet delivered out of order, or trimmed and NACKed, leaves it at once.
    public static let packetsInFlight = ControllerFeedback(rawValue: 1 << 2)
}
