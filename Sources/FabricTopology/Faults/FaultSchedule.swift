import FabricKernel

/// One change to the links of the fabric at one time, resolved to ports.
public struct LinkChange: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The ports stop carrying packets.
        case down
        /// One `down` of the same fault is undone (a port is up when no fault holds it down).
        case up
        /// The ports run at this lower rate.
        case degrade(Bandwidth)
        /// The ports return to their rate in the topology.
        case restore
    }

    public var time: SimTime
    public var kind: Kind
    /// Both directions of every cable concerned, in port order.
    public var ports: [PortID]
    /// The index in `FaultSchedule.faults` of the fault this comes from.
    public var fault: Int
}

/// A scenario's faults resolved against a topology: every name checked, every fault turned into changes of
/// ports, all of them in time order.
public struct FaultSchedule: Sendable {
    public let faults: [FaultEvent]
    /// Ordered by time; changes at the same time keep the order of the faults they come from.
    public let changes: [LinkChange]

    /// Resolves the names of `faults` in `topology`. Fails, naming the fault (`faults[2]`), on an unknown node,
    /// on two nodes with no cable (or fewer parallel cables than the index asks for) between them, on a switch
    /// fault that names a host, on a recovery not after the failure, and on a degraded rate that is not below
    /// the cable's own rate.
    public init(_ faults: [FaultEvent], in topology: Topology) throws(TopologyBuilder.Problem) {
        let names = faults.isEmpty ? [:] : topology.nameIndex()
        var changes: [LinkChange] = []
        for (i, fault) in faults.enumerated() {
            let field = "faults[\(i)]"
            func problem(_ message: String) -> TopologyBuilder.Problem {
                TopologyBuilder.Problem("\(field) (\(fault)): \(message)", field: field)
            }
            func node(_ name: String) throws(TopologyBuilder.Problem) -> NodeID {
                guard let id = names[name] else {
                    throw problem("no node is named '\(name)'; \(topology.nameHint(near: name))")
                }
                return id
            }
            func cable(_ reference: CableReference) throws(TopologyBuilder.Problem) -> [PortID] {
                let a = try node(reference.a)
                let b = try node(reference.b)
                let between = topology.cables(between: a, and: b)
                if between.isEmpty { throw problem("no cable joins \(reference.a) and \(reference.b)") }
                guard reference.index < between.count else {
                    throw problem(
                        "\(reference.a) and \(reference.b) are joined by \(between.count) "
                            + "cable\(between.count == 1 ? "" : "s") (index 0\(between.count == 1 ? "" : " to \(between.count - 1)")), "
                            + "so there is no cable \(reference.index)")
                }
                let port = between[reference.index]
                return [port, topology.port(port).peer].sorted()
            }
            if fault.time < .zero { throw problem("it begins before the run, at \(fault.time)") }
            if let end = fault.endTime, end <= fault.time {
                throw problem("it ends at \(end), not after it begins at \(fault.time)")
            }
            let ports: [PortID]
            switch fault {
            case .linkDown(let reference, _, _):
                ports = try cable(reference)
            case .switchDown(let name, _, _):
                let id = try node(name)
                let role = topology.node(id).role
                guard role != .host else {
                    let example = topology.node(topology.neighbour(through: PortID(topology.node(id).ports.lowerBound)))
                    throw problem(
                        "\(name) is a host (a NIC), not a switch; to cut it off, take its cable down: "
                            + "\(name)-\(example.name)")
                }
                var all = topology.node(id).ports.map(PortID.init)
                all += all.map { topology.port($0).peer }
                ports = all.sorted()
            case .linkDegraded(let reference, _, let rate, _):
                ports = try cable(reference)
                let own = ports.map { topology.port($0).rate }.min()!
                guard rate.bitsPerSecond > 0, rate < own else {
                    throw problem("a degraded rate must be above 0bps and below the cable's \(own); found \(rate)")
                }
            }
            let (start, stop): (LinkChange.Kind, LinkChange.Kind) =
                switch fault {
                case .linkDegraded(_, _, let rate, _): (.degrade(rate), .restore)
                default: (.down, .up)
                }
            changes.append(LinkChange(time: fault.time, kind: start, ports: ports, fault: i))
            if let end = fault.endTime { changes.append(LinkChange(time: end, kind: stop, ports: ports, fault: i)) }
        }
        // A stable sort by time: equal times keep the order of the faults.
        self.changes = changes.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(
            \.element)
        self.faults = faults
    }

    init(faults: [FaultEvent], changes: [LinkChange]) {
        self.faults = faults
        self.changes = changes
    }

    /// The changes from index `first` on, on a clock that starts at `origin`: a change before it happens at 0.
    /// How a job whose faults are on its own clock hands them to an episode that starts at `origin`.
    public func suffix(from first: Int, after origin: SimTime) -> FaultSchedule {
        FaultSchedule(
            faults: faults,
            changes: changes[first...].map {
                var change = $0
                change.time = max(.zero, change.time - origin)
                return change
            })
    }
}
