import FabricFlow
import FabricKernel
import FabricMetrics
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload
import Testing

/// The packet network's flow table holds the flows in progress, not every flow sent: a slot passes to a later
/// flow once its flow is delivered and its last packet has left the network (docs/design/0007-flow-slots.md).
@Suite("Network: flow slots are recycled")
struct FlowSlotTests {
    let rate = Bandwidth.gigabitsPerSecond(100)

    /// Poisson background traffic of 1–40 KB flows at 30 % load on 8 hosts for `duration`, run to the end; the
    /// network keeps no records unless asked to (it still gathers the flow statistics).
    func background<Network: Transport>(
        _: Network.Type, for duration: SimTime, config: NetworkConfig,
        keepRecords: Bool = false
    ) throws -> Network {
        let topology = try SmallFabrics.leafSpine(
            leaves: 2, spines: 2, hostsPerLeaf: 4, rate: rate, delay: .nanoseconds(200))
        let sizes = try EmpiricalCDF(points: [(1_000, 0), (40_000, 1)])
        var run = TrafficRun(
            network: Network(topology: topology, config: config, seed: 7, classes: 2), requests: [],
            background: [.poisson(load: 0.3, sizes: sizes, trafficClass: 1, start: .zero, stop: duration)], seed: 7)
        if !keepRecords { run.network.keepFlowRecords(first: 0) }
        var simulator = Simulator(model: run)
        simulator.start()
        _ = simulator.run()
        return simulator.model.network
    }

    func background(for duration: SimTime, config: NetworkConfig, keepRecords: Bool = false) throws -> PacketNetwork {
        try background(PacketNetwork.self, for: duration, config: config, keepRecords: keepRecords)
    }

    @Test(
        "ten times the flows sent, about the same flow table: slots and bitmaps follow the flows in progress",
        arguments: [NetworkConfig.roce, .infiniband])
    func boundedTable(config: NetworkConfig) throws {
        let short = try background(for: .microseconds(200), config: config)
        let long = try background(for: .milliseconds(2), config: config)
        #expect(long.flowsSent >= 8 * short.flowsSent, "\(short.flowsSent) then \(long.flowsSent) flows sent")
        #expect(long.flowSlots <= 2 * short.flowSlots, "\(short.flowSlots) then \(long.flowSlots) slots")
        #expect(long.flowSlots * 10 < long.flowsSent)
        if config.receiver == .selective { #expect(long.bitmapWords <= 2 * short.bitmapWords) }
        for network in [short, long] {
            #expect(network.records.isEmpty)
            #expect(network.counters.flowsCompleted == Int64(network.flowsSent))
            #expect(network.flowsHeld == 0, "every slot is free once the network is idle")
            #expect(network.conservation.passed, "\(network.conservation.detail)")
        }
    }

    @Test("the flow statistics are the same gathered at each delivery as computed from every flow's record at the end")
    func statisticsWithoutRecords() throws {
        let kept = try background(for: .microseconds(500), config: .roce, keepRecords: true)
        let discarded = try background(for: .microseconds(500), config: .roce)
        #expect(kept.records.count == kept.flowsSent)
        let a = kept.metrics(now: .milliseconds(2))
        let b = discarded.metrics(now: .milliseconds(2))
        #expect(a == b)
        #expect(b["slowdown_p99"] != .null)
    }

    @Test(
        "the flow-level network too: statistics gathered as flows drain equal those from every record, and no record is kept"
    )
    func fluidStatisticsWithoutRecords() throws {
        let kept = try background(FlowNetwork.self, for: .microseconds(500), config: .roce, keepRecords: true)
        let discarded = try background(FlowNetwork.self, for: .microseconds(500), config: .roce)
        #expect(kept.records.count == kept.flowsSent && discarded.records.isEmpty)
        #expect(kept.flowsSent == discarded.flowsSent && kept.flowsSent > 100)
        #expect(kept.metrics(now: .milliseconds(2)) == discarded.metrics(now: .milliseconds(2)))
    }

    /// A retransmission timeout far below the queueing delay of an incast: senders go back over packets still
    /// queued, so duplicates are still in the network after their flow is delivered.
    static var impatient: NetworkConfig {
        var config = NetworkConfig.roce
        config.retransmitTimeout = .microseconds(2)
        config.congestionControl = .none
        config.ecn = nil
        return config
    }

    @Test(
        "a delivered flow keeps its slot while its duplicates are in the network; flows sent then take other slots and complete exactly"
    )
    func lateDuplicates() throws {
        let topology = try SmallFabrics.star(hosts: 5, rate: rate, delay: .nanoseconds(200))
        let first = (1...4).map { FlowRequest(source: $0, destination: 0, bytes: 200_000, start: .zero) }
        var simulator = Simulator(
            model: TrafficRun(
                network: PacketNetwork(topology: topology, config: Self.impatient, seed: 1),
                requests: first))
        simulator.start()
        // Step until a first flow is delivered while packets of the incast are still in the network.
        var held: Int?
        while held == nil, simulator.run(until: simulator.scheduler.now + .nanoseconds(100)) == .timeLimit {
            let network = simulator.model.network
            held = first.indices.first { network.finishTime(of: $0) != nil }
        }
        let delivered = try #require(held)
        #expect(simulator.model.network.counters.retransmittedPackets > 0, "the short timeout resent queued packets")
        #expect(simulator.model.network.flowsHeld == 4, "the delivered flow still holds its slot")
        // A second wave, sent now from the delivered flow's sender and receiver among others.
        let now = simulator.scheduler.now
        let second = [
            FlowRequest(source: first[delivered].source, destination: 0, bytes: 50_000, start: now),
            FlowRequest(source: 0, destination: first[delivered].source, bytes: 50_000, start: now),
        ]
        let ids = second.map { simulator.model.network.send($0, scheduler: &simulator.scheduler) }
        #expect(ids == [4, 5])
        #expect(simulator.model.network.flowSlots == 6, "no slot was free: the delivered flow's duplicates hold it")
        _ = simulator.run()
        let network = simulator.model.network
        #expect(network.counters.flowsCompleted == 6)
        // Every payload byte reached its receiver in order exactly once: no late packet of a delivered flow
        // counted for another.
        #expect(network.counters.goodputBytes == (first + second).reduce(0) { $0 + $1.bytes })
        for (id, request) in zip(ids, second) {
            #expect(network.deliveredBytes(of: id) == request.bytes)
            let fct = try #require(network.finishTime(of: id)) - request.start
            #expect(fct >= network.idealCompletion(of: id))
        }
        #expect(network.flowsHeld == 0)
        #expect(network.conservation.passed, "\(network.conservation.detail)")
    }

    @Test("a slot released is the next one taken, by a flow that starts from nothing")
    func reuse() throws {
        let topology = try SmallFabrics.star(hosts: 3, rate: rate, delay: .nanoseconds(200))
        var simulator = Simulator(
            model: TrafficRun(
                network: PacketNetwork(topology: topology, config: .roce, seed: 1),
                requests: [FlowRequest(source: 1, destination: 0, bytes: 30_000, start: .zero)]))
        simulator.start()
        // Until well after its delivery (its cancelled timer, due at 1 ms, stays in the queue).
        _ = simulator.run(until: .microseconds(100))
        #expect(simulator.model.network.flowsHeld == 0)
        let later = FlowRequest(source: 2, destination: 1, bytes: 20_000, start: simulator.scheduler.now)
        let id = simulator.model.network.send(later, scheduler: &simulator.scheduler)
        #expect(simulator.model.network.flowSlots == 1, "the released slot serves the new flow")
        #expect(simulator.model.network.flow(id).expected == 0)
        _ = simulator.run()
        let network = simulator.model.network
        #expect(network.deliveredBytes(of: id) == 20_000)
        #expect(network.finishTime(of: 0)! < network.finishTime(of: id)!)
        #expect(network.counters.goodputBytes == 50_000)
    }

    static func delivered() -> PacketNetwork {
        let topology = try! SmallFabrics.star(hosts: 3, rate: .gigabitsPerSecond(100), delay: .nanoseconds(200))
        var run = TrafficRun(
            network: PacketNetwork(topology: topology, config: .roce, seed: 1),
            requests: [
                FlowRequest(source: 1, destination: 0, bytes: 30_000, start: .zero),
                FlowRequest(source: 2, destination: 0, bytes: 30_000, start: .zero),
            ])
        run.network.keepFlowRecords(first: 1)
        var simulator = Simulator(model: run)
        simulator.start()
        _ = simulator.run()
        return simulator.model.network
    }

    @Test("a flow number never returned by send traps")
    func neverSent() async {
        await #expect(processExitsWith: .failure) { _ = FlowSlotTests.delivered().finishTime(of: 2) }
    }

    @Test("a flow whose record was not kept traps rather than reading whatever its slot holds now")
    func notRecorded() async {
        await #expect(processExitsWith: .failure) { _ = FlowSlotTests.delivered().idealCompletion(of: 1) }
    }

    @Test("the live state of a delivered flow whose slot was released traps")
    func released() async {
        #expect(FlowSlotTests.delivered().finishTime(of: 0) != nil)
        await #expect(processExitsWith: .failure) { _ = FlowSlotTests.delivered().flow(0) }
    }
}
