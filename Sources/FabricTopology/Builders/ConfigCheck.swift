import FabricKernel

/// The checks every shape's configuration makes, with messages that name the shape, the field (as a scenario
/// key: `servers_per_leaf`), what was found and what is expected.
struct ConfigCheck {
    typealias Problem = TopologyBuilder.Problem

    /// `leaf-spine`, `fat-tree`, `rail-optimized`.
    let shape: String
    /// Prefix of nested fields: `server.`.
    var prefix = ""

    func problem(_ field: String?, _ message: String) -> Problem {
        Problem("\(shape): \(message)", field: field.map { prefix + $0 })
    }

    func count(_ value: Int, _ field: String, in range: ClosedRange<Int>) throws(Problem) {
        guard range.contains(value) else {
            throw problem(field, "\(prefix)\(field) is \(value); expected \(range.lowerBound) to \(range.upperBound)")
        }
    }

    func rate(_ value: Bandwidth, _ field: String, max: Bandwidth = TopologyLimits.linkRate) throws(Problem) {
        guard value >= TopologyLimits.minimumRate, value <= max else {
            throw problem(field, "\(prefix)\(field) is \(value); expected \(TopologyLimits.minimumRate) to \(max)")
        }
    }

    func delay(_ value: SimTime, _ field: String) throws(Problem) {
        guard value >= .zero, value <= TopologyLimits.delay else {
            throw problem(field, "\(prefix)\(field) is \(value); expected 0s to \(TopologyLimits.delay)")
        }
    }

    func radix(_ radix: Int?) throws(Problem) {
        if let radix { try count(radix, "radix", in: 1...100_000) }
    }

    /// Refuses a switch that needs more ports than the radix allows; `need` says what the ports are for.
    func fits(_ radix: Int?, role: String, ports: Int, need: String) throws(Problem) {
        guard let radix, ports > radix else { return }
        throw problem("radix", "each \(role) needs \(ports) ports (\(need)) but radix is \(radix)")
    }

    /// Refuses sizes beyond `TopologyLimits`; `how` shows the product that gave the figure.
    func size(hosts: Int, switches: Int, cables: Int, how: String) throws(Problem) {
        if hosts > TopologyLimits.hosts {
            throw problem(nil, "\(hosts) hosts (\(how)) exceed the limit of \(TopologyLimits.hosts)")
        }
        if switches > TopologyLimits.switches {
            throw problem(nil, "\(switches) switches exceed the limit of \(TopologyLimits.switches)")
        }
        if cables > TopologyLimits.cables {
            throw problem(nil, "\(cables) cables exceed the limit of \(TopologyLimits.cables)")
        }
    }

    func nested(_ name: String) -> ConfigCheck { ConfigCheck(shape: shape, prefix: prefix + name + ".") }
}

/// The product of counts, saturating at `Int.max` instead of trapping, so a size check can refuse it.
func saturatingProduct(_ factors: Int...) -> Int {
    var product = 1
    for factor in factors {
        let (value, overflow) = product.multipliedReportingOverflow(by: factor)
        if overflow { return .max }
        product = value
    }
    return product
}

func saturatingSum(_ terms: Int...) -> Int {
    var sum = 0
    for term in terms {
        let (value, overflow) = sum.addingReportingOverflow(term)
        if overflow { return .max }
        sum = value
    }
    return sum
}
