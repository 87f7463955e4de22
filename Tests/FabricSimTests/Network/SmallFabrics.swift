import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload

/// Hand-built fabrics small enough to reason about exactly.
enum SmallFabrics {
    /// host0 – s0 – s1 – … – s(k−1) – host1: a path of k switches, k + 1 cables.
    static func line(switches k: Int, rate: Bandwidth, delay: SimTime) throws -> Topology {
        var builder = TopologyBuilder(kind: "custom")
        let a = builder.addNode(.host, name: "h0")
        let b = builder.addNode(.host, name: "h1")
        var previous = a
        for i in 0..<k {
            let s = builder.addNode(.leaf, name: "s\(i)")
            builder.connect(previous, s, rate: rate, delay: delay)
            previous = s
        }
        builder.connect(previous, b, rate: rate, delay: delay)
        return try builder.build()
    }

    /// `hosts` hosts on one switch.
    static func star(hosts: Int, rate: Bandwidth, delay: SimTime) throws -> Topology {
        var builder = TopologyBuilder(kind: "custom")
        let hostIDs = (0..<hosts).map { builder.addNode(.host, name: "h\($0)") }
        let s = builder.addNode(.leaf, name: "s0")
        for h in hostIDs { builder.connect(h, s, rate: rate, delay: delay) }
        return try builder.build()
    }

    /// `leaves` leaves of `hostsPerLeaf` hosts each, every leaf joined to every spine: a 1:1 fabric when
    /// spines = hostsPerLeaf.
    static func leafSpine(leaves: Int, spines: Int, hostsPerLeaf: Int, rate: Bandwidth, delay: SimTime) throws
        -> Topology
    {
        var builder = TopologyBuilder(kind: "leaf-spine")
        var hostIDs: [NodeID] = []
        for h in 0..<(leaves * hostsPerLeaf) { hostIDs.append(builder.addNode(.host, name: "h\(h)")) }
        let leafIDs = (0..<leaves).map { builder.addNode(.leaf, name: "leaf\($0)") }
        let spineIDs = (0..<spines).map { builder.addNode(.spine, name: "spine\($0)") }
        for (h, host) in hostIDs.enumerated() {
            builder.connect(host, leafIDs[h / hostsPerLeaf], rate: rate, delay: delay)
        }
        for leaf in leafIDs { for spine in spineIDs { builder.connect(leaf, spine, rate: rate, delay: delay) } }
        return try builder.build()
    }

    /// Two switches joined by one cable: `left` hosts on s0 (h0…), `right` hosts on s1 (after them).
    static func dumbbell(left: Int, right: Int, rate: Bandwidth, delay: SimTime) throws -> Topology {
        var builder = TopologyBuilder(kind: "custom")
        let hostIDs = (0..<(left + right)).map { builder.addNode(.host, name: "h\($0)") }
        let s0 = builder.addNode(.leaf, name: "s0")
        let s1 = builder.addNode(.leaf, name: "s1")
        for (i, h) in hostIDs.enumerated() { builder.connect(h, i < left ? s0 : s1, rate: rate, delay: delay) }
        builder.connect(s0, s1, rate: rate, delay: delay)
        return try builder.build()
    }

    /// Runs flows to completion (or `limit`) and returns the network.
    static func run(
        _ topology: Topology, _ config: NetworkConfig, _ requests: [FlowRequest], seed: UInt64 = 1,
        limit: SimTime = .seconds(1), faults: [FaultEvent] = [], convergence: SimTime = .zero
    ) -> PacketNetwork {
        var simulator = Simulator(
            model: TrafficRun(
                network: PacketNetwork(topology: topology, config: config, seed: seed),
                requests: requests))
        simulator.start()
        if !faults.isEmpty {
            let schedule = try! FaultSchedule(faults, in: topology)
            simulator.model.network.scheduleFaults(schedule, convergence: convergence, scheduler: &simulator.scheduler)
        }
        _ = simulator.run(until: limit)
        return simulator.model.network
    }

    /// Runs flows until `end` and returns the bytes each delivered between `start` and `end`, with the network at
    /// `end`: the measurement of every "long flows share a link" test.
    static func deliveredBetween(
        _ start: SimTime, _ end: SimTime, _ topology: Topology, _ config: NetworkConfig, _ requests: [FlowRequest]
    ) -> (shares: [Double], network: PacketNetwork) {
        var simulator = Simulator(
            model: TrafficRun(network: PacketNetwork(topology: topology, config: config, seed: 1), requests: requests))
        simulator.start()
        _ = simulator.run(until: start)
        let before = requests.indices.map { simulator.model.network.deliveredBytes(of: $0) }
        _ = simulator.run(until: end)
        let network = simulator.model.network
        return (zip(requests.indices.map { network.deliveredBytes(of: $0) }, before).map { Double($0 - $1) }, network)
    }

    /// Jain's fairness index of the shares: 1 when equal, 1/n when one takes all.
    static func jainIndex(_ shares: [Double]) -> Double {
        let total = shares.reduce(0, +)
        return total * total / (Double(shares.count) * shares.map { $0 * $0 }.reduce(0, +))
    }
}
