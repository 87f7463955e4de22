import FabricKernel

/// A fault of a scenario, as data: what fails, when, and when (if ever) it recovers. Names refer to nodes of the
/// topology (`leaf0`, `pod1.spine0`, `rail3.leaf0`, `server5.nic2`); `FaultSchedule` resolves them to ports.
///
/// The topology itself never changes: the network keeps the state of each link (`LinkState`) and recomputes its
/// routes (`RoutingTable(topology:isUp:)`) when a change has had time to converge.
public enum FaultEvent: Sendable, Equatable, CustomStringConvertible {
    /// Both directions of a cable stop carrying packets at `at`, and carry them again from `upAt`, if given.
    case linkDown(CableReference, at: SimTime, upAt: SimTime? = nil)
    /// Every cable of a switch goes down at `at` (and back up at `upAt`, if given).
    case switchDown(String, at: SimTime, upAt: SimTime? = nil)
    /// Both directions of a cable run at the lower `rate` from `at` (a link that trained down to fewer lanes, a
    /// flapping optic) until `restoredAt`, if given, when they return to the cable's own rate.
    case linkDegraded(CableReference, at: SimTime, to: Bandwidth, restoredAt: SimTime? = nil)

    /// When the fault begins.
    public var time: SimTime {
        switch self {
        case .linkDown(_, let at, _), .switchDown(_, let at, _), .linkDegraded(_, let at, _, _): at
        }
    }

    /// When it ends, or nil if it lasts to the end of the run.
    public var endTime: SimTime? {
        switch self {
        case .linkDown(_, _, let end), .switchDown(_, _, let end), .linkDegraded(_, _, _, let end): end
        }
    }

    /// `link leaf0-spine1 down at 1ms, up at 3ms`; for messages and reports.
    public var description: String {
        let end = endTime.map { ", \(self.isDegradation ? "restored" : "up") at \($0)" } ?? ""
        switch self {
        case .linkDown(let cable, let at, _): return "link \(cable) down at \(at)\(end)"
        case .switchDown(let name, let at, _): return "switch \(name) down at \(at)\(end)"
        case .linkDegraded(let cable, let at, let rate, _): return "link \(cable) degraded to \(rate) at \(at)\(end)"
        }
    }

    var isDegradation: Bool {
        if case .linkDegraded = self { return true }
        return false
    }
}
