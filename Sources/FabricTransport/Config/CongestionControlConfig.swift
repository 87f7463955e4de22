/// The congestion controller the senders' NICs run, with its parameters: one case per controller, the
/// configuration side of the packet model's list of controllers (`CongestionControllers`,
/// docs/design/0010-congestion-control.md). A new controller adds its case here beside its config file.
public enum CongestionControlConfig: Sendable, Equatable {
    /// None: senders inject at line rate, held back only by flow control and the transport's window.
    case none
    case dcqcn(DCQCNConfig)
    case swift(SwiftCongestionConfig)
    case hpcc(HPCCConfig)
    case nscc(NSCCConfig)

    /// What the controller needs from the packet network beyond its hooks.
    public var feedback: ControllerFeedback {
        switch self {
        case .none, .dcqcn, .swift: []
        case .hpcc: [.inBandTelemetry, .baseRoundTrip]
        case .nscc: [.baseRoundTrip, .packetsInFlight]
        }
    }

    /// The controller's name, as results and `fabricsim info` show it.
    public var name: String {
        switch self {
        case .none: "none"
        case .dcqcn: "dcqcn"
        case .swift: "swift"
        case .hpcc: "hpcc"
        case .nscc: "nscc"
        }
    }
}
