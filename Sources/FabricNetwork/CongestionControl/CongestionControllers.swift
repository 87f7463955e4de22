import FabricKernel
import FabricTransport

/// The congestion controllers, and the one in force: the list. Adding a controller is a case here, its lines in
/// `init` and in `apply`, and its case in `CongestionControlConfig` (docs/design/0010-congestion-control.md).
///
/// An enum rather than a generic parameter of `PacketNetwork`: the controller is chosen by the scenario at run
/// time, and a generic network would have to be built once per combination of controller, load balancer and
/// receiver, and named with all three by every client. `apply` switches once per hook and calls the case's
/// controller directly, specialised; `consume self` hands the controller's arrays over without a copy.
enum CongestionControllers: Sendable {
    case none(NoCongestionControl)
    case dcqcn(DCQCN)
    case swift(SwiftCongestionControl)
    case hpcc(HPCC)
    case nscc(NSCC)

    init(_ config: NetworkConfig) {
        switch config.congestionControl {
        case .none: self = .none(NoCongestionControl())
        case .dcqcn(let parameters): self = .dcqcn(DCQCN(parameters))
        case .swift(let parameters): self = .swift(SwiftCongestionControl(parameters, network: config))
        case .hpcc(let parameters): self = .hpcc(HPCC(parameters))
        case .nscc(let parameters): self = .nscc(NSCC(parameters, network: config))
        }
    }

    /// Runs `hook` on the controller in force.
    @inline(__always)
    mutating func apply<H: CongestionHook>(_ hook: inout H, _ scheduler: inout Scheduler) -> H.Result {
        switch consume self {
        case .none(var c):
            defer { self = .none(c) }
            return hook.run(&c, &scheduler)
        case .dcqcn(var c):
            defer { self = .dcqcn(c) }
            return hook.run(&c, &scheduler)
        case .swift(var c):
            defer { self = .swift(c) }
            return hook.run(&c, &scheduler)
        case .hpcc(var c):
            defer { self = .hpcc(c) }
            return hook.run(&c, &scheduler)
        case .nscc(var c):
            defer { self = .nscc(c) }
            return hook.run(&c, &scheduler)
        }
    }
}

/// One of the `CongestionControl` hooks with its arguments, run by `CongestionControllers.apply` on the
/// controller in force (a generic method, so that the call is specialised for each controller).
protocol CongestionHook {
    associatedtype Result
    mutating func run<C: CongestionControl>(_ controller: inout C, _ scheduler: inout Scheduler) -> Result
}
