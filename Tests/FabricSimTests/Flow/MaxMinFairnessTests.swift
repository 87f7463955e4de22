import FabricFlow
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// Max-min fairness of the flow network on the textbook examples (Bertsekas and Gallager, Data Networks, §6.5),
/// and the optimality condition on random traffic: every flow crosses a saturated port on which no flow is
/// faster (its bottleneck).
@Suite("Flow mode: max-min fair sharing")
struct MaxMinFairnessTests {
    static let c = Bandwidth.gigabitsPerSecond(100)
    static let fast = Bandwidth.gigabitsPerSecond(400)

    /// Switches s0 – s1 – … in a chain joined by cables of `rates[i]`; `hosts[k]` hosts on switch k, on 400 Gb/s
    /// cables that never limit. Hosts are numbered switch by switch.
    static func chain(_ rates: [Bandwidth], hosts: [Int]) throws -> Topology {
        var builder = TopologyBuilder(kind: "custom")
        var hostIDs: [[NodeID]] = []
        for (k, count) in hosts.enumerated() {
            hostIDs.append((0..<count).map { builder.addNode(.host, name: "h\(k).\($0)") })
        }
        let switches = (0...rates.count).map { builder.addNode(.leaf, name: "s\($0)") }
        for (k, ids) in hostIDs.enumerated() {
            for h in ids { builder.connect(h, switches[k], rate: fast, delay: .nanoseconds(100)) }
        }
        for (i, rate) in rates.enumerated() {
            builder.connect(switches[i], switches[i + 1], rate: rate, delay: .nanoseconds(100))
        }
        return try builder.build()
    }

    /// Starts long flows at time zero and returns the network once the rates are set (1 µs later).
    static func allocate(
        _ topology: Topology, _ pairs: [(Int, Int)], bytes: Int64 = 1 << 30, until: SimTime = .microseconds(1)
    ) -> FlowNetwork {
        let requests = pairs.map { FlowRequest(source: $0.0, destination: $0.1, bytes: bytes, start: .zero) }
        var simulator = Simulator(
            model: TrafficRun(
                network: FlowNetwork(topology: topology, config: .infiniband, seed: 1), requests: requests))
        simulator.start()
        _ = simulator.run(until: until)
        return simulator.model.network
    }

    static func rates(_ network: FlowNetwork) -> [Int: Double] {
        Dictionary(uniqueKeysWithValues: network.allocations.map { ($0.flow, $0.rate) })
    }

    static func expectRate(_ rates: [Int: Double], _ flow: Int, _ expected: Double) {
        let rate = rates[flow] ?? -1
        #expect(abs(rate - expected) <= expected * 1e-12, "flow \(flow): \(rate) bit/s, expected \(expected)")
    }

    @Test("parking lot: a flow across three links and one flow per link all get C/2")
    func parkingLot() throws {
        // Hosts: s0 {0, 1}, s1 {2, 3}, s2 {4, 5}, s3 {6}.
        let topology = try Self.chain([Self.c, Self.c, Self.c], hosts: [2, 2, 2, 1])
        let network = Self.allocate(topology, [(0, 6), (1, 2), (3, 4), (5, 6)])
        let rates = Self.rates(network)
        let half = Double(Self.c.bitsPerSecond) / 2
        for flow in 0..<4 { Self.expectRate(rates, flow, half) }
    }

    @Test("parking lot with two flows on the middle link: C/3 there, and the short flows beside it take the rest, 2C/3")
    func parkingLotUneven() throws {
        // Hosts: s0 {0, 1}, s1 {2, 3, 4}, s2 {5, 6, 7}, s3 {8}.
        let topology = try Self.chain([Self.c, Self.c, Self.c], hosts: [2, 3, 3, 1])
        let network = Self.allocate(topology, [(0, 8), (1, 2), (3, 5), (4, 6), (7, 8)])
        let rates = Self.rates(network)
        let third = Double(Self.c.bitsPerSecond) / 3
        for flow in [0, 2, 3] { Self.expectRate(rates, flow, third) }
        for flow in [1, 4] { Self.expectRate(rates, flow, 2 * third) }
    }

    @Test(
        "different bottlenecks: three flows on a 30 Gb/s link get 10 each; the one that goes on shares a 100 Gb/s link with a flow that gets 90"
    )
    func differentBottlenecks() throws {
        // s0 –30G– s1 –100G– s2. Hosts: s0 {0, 1, 2}, s1 {3, 4}, s2 {5, 6}.
        let topology = try Self.chain([.gigabitsPerSecond(30), .gigabitsPerSecond(100)], hosts: [3, 2, 2])
        let network = Self.allocate(topology, [(0, 5), (1, 3), (2, 4), (4, 6)])
        let rates = Self.rates(network)
        for flow in 0..<3 { Self.expectRate(rates, flow, 10e9) }
        Self.expectRate(rates, 3, 90e9)
    }

    @Test("when the short flows end, the long one takes the whole link: rates are recomputed where a flow ends")
    func recomputedWhenFlowsEnd() throws {
        let topology = try Self.chain([Self.c, Self.c, Self.c], hosts: [2, 2, 2, 1])
        let requests =
            [FlowRequest(source: 0, destination: 6, bytes: 1 << 30, start: .zero)]
            + [(1, 2), (3, 4), (5, 6)].map {
                FlowRequest(source: $0.0, destination: $0.1, bytes: 1 << 20, start: .zero)
            }
        var simulator = Simulator(
            model: TrafficRun(
                network: FlowNetwork(topology: topology, config: .infiniband, seed: 1), requests: requests))
        simulator.start()
        _ = simulator.run(until: .milliseconds(1))
        let network = simulator.model.network
        #expect(network.counters.flowsCompleted == 3)
        Self.expectRate(Self.rates(network), 0, Double(Self.c.bitsPerSecond))
    }

    /// Random flows on a 2:1 oversubscribed leaf-spine, starting over 200 µs, checked at several instants.
    @Test(
        "random traffic: no port above its rate, every flow has a bottleneck, and every byte is delivered",
        arguments: [1, 2, 3] as [UInt64])
    func randomTraffic(seed: UInt64) throws {
        let topology = try SmallFabrics.leafSpine(
            leaves: 4, spines: 2, hostsPerLeaf: 4, rate: Self.c, delay: .nanoseconds(200))
        var stream = RandomStream(seed: seed, name: "test.flows")
        let hosts = topology.hosts.count
        var requests: [FlowRequest] = []
        for _ in 0..<120 {
            let source = Int(stream.nextIndex(below: UInt64(hosts)))
            var destination = Int(stream.nextIndex(below: UInt64(hosts - 1)))
            if destination >= source { destination += 1 }
            requests.append(
                FlowRequest(
                    source: source, destination: destination, bytes: 1_000 + Int64(stream.nextIndex(below: 4_000_000)),
                    start: SimTime(rawValue: Int64(stream.nextIndex(below: 200_000_000)))))
        }
        var simulator = Simulator(
            model: TrafficRun(network: FlowNetwork(topology: topology, config: .roce, seed: seed), requests: requests))
        simulator.start()
        for step in 1...8 {
            _ = simulator.run(until: .microseconds(Int64(step * 40)))
            Self.expectMaxMin(simulator.model.network)
        }
        _ = simulator.run()
        let network = simulator.model.network
        #expect(network.counters.flowsCompleted == Int64(requests.count))
        #expect(network.conservation.passed, "\(network.conservation.detail)")
        #expect(network.counters.goodputBytes == requests.reduce(0) { $0 + $1.bytes })
        // Each flow's wire bytes crossed every port of its path once: 2 ports under one leaf, 4 through a spine.
        var expected: Int64 = 0
        for request in requests {
            let hops: Int64 =
                topology.leaf(ofHost: request.source) == topology.leaf(ofHost: request.destination) ? 2 : 4
            expected += network.wireBytes(payload: request.bytes) * hops
        }
        #expect(network.ports.reduce(0) { $0 + $1.bytesSent } == expected)
    }

    /// Capacity holds on every port, and each flow crosses a saturated port where its rate is the largest.
    static func expectMaxMin(_ network: FlowNetwork) {
        let allocations = network.allocations.filter { !$0.path.isEmpty }
        var load = [Double](repeating: 0, count: network.ports.count)
        var fastest = [Double](repeating: 0, count: network.ports.count)
        for a in allocations {
            for p in a.path {
                load[p] += a.rate
                fastest[p] = max(fastest[p], a.rate)
            }
        }
        for p in load.indices {
            let capacity = Double(network.ports[p].rate.bitsPerSecond)
            #expect(load[p] <= capacity * (1 + 1e-9), "port \(p) carries \(load[p]) of \(capacity) bit/s")
        }
        for a in allocations {
            let bottleneck = a.path.contains { p in
                load[p] >= Double(network.ports[p].rate.bitsPerSecond) * (1 - 1e-9) && a.rate >= fastest[p] * (1 - 1e-9)
            }
            #expect(bottleneck, "flow \(a.flow) at \(a.rate) bit/s has no bottleneck")
        }
    }
}
