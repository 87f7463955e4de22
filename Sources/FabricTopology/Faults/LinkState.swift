import FabricKernel

/// Which ports are up and at what rate, as faults come and go; the topology keeps the nominal values.
///
/// A port is up when no fault holds it down: each `down` counts once and each `up` undoes one, so a cable taken
/// down by a link fault and by a fault of its switch comes back only when both have ended. A degradation sets the
/// rate and a restore returns it to the topology's; the latest change wins.
public struct LinkState: Sendable, Equatable {
    /// For each port, how many faults hold it down.
    public private(set) var downCount: [UInt32]
    /// For each port, its current rate.
    public private(set) var rates: [Bandwidth]

    /// Every port up at its nominal rate.
    public init(_ topology: Topology) {
        downCount = Array(repeating: 0, count: topology.ports.count)
        rates = topology.ports.map(\.rate)
    }

    @inlinable public func isUp(_ port: PortID) -> Bool { downCount[port.index] == 0 }
    @inlinable public func rate(_ port: PortID) -> Bandwidth { rates[port.index] }

    /// Ports down now.
    public var downPorts: [PortID] { downCount.indices.filter { downCount[$0] > 0 }.map(PortID.init) }

    /// Applies one change; `topology` gives the rates a restore returns to.
    public mutating func apply(_ change: LinkChange, in topology: Topology) {
        for port in change.ports {
            switch change.kind {
            case .down: downCount[port.index] += 1
            case .up: downCount[port.index] -= downCount[port.index] > 0 ? 1 : 0
            case .degrade(let rate): rates[port.index] = rate
            case .restore: rates[port.index] = topology.port(port).rate
            }
        }
    }

    /// The state at `time`: every change of `schedule` at or before it applied, in order.
    public init(_ topology: Topology, schedule: FaultSchedule, at time: SimTime) {
        self.init(topology)
        for change in schedule.changes where change.time <= time { apply(change, in: topology) }
    }
}
