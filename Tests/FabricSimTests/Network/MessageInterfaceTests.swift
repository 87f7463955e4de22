import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

/// The interface the collectives build on: send bytes between hosts and be told when the last byte is
/// acknowledged; move bytes between GPUs of a server over NVLink.
@Suite("Network: message interface and NVLink")
struct MessageInterfaceTests {
    /// Sends two messages at start and records when each completion event arrives.
    struct Client: EventHandler {
        var network: PacketNetwork
        var completions: [UInt64: SimTime] = [:]
        /// The first kind past the network's block: an episode's clients' start there.
        static let done = EventKind(rawValue: EventKindOwner.network.kinds.upperBound)

        mutating func start(scheduler: inout Scheduler) {
            network.send(
                FlowRequest(source: 0, destination: 1, bytes: 1_000_000, start: .zero),
                notify: ComponentID(7), kind: Self.done, tag: 41, scheduler: &scheduler)
            network.send(
                FlowRequest(source: 1, destination: 0, bytes: 10_000, start: .microseconds(5)),
                notify: ComponentID(7), kind: Self.done, tag: 42, scheduler: &scheduler)
        }

        mutating func handle(_ event: Event, scheduler: inout Scheduler) {
            if event.kind == Self.done {
                #expect(event.target == ComponentID(7))
                completions[event.argument] = scheduler.now
            } else {
                network.handle(event, scheduler: &scheduler)
            }
        }
    }

    @Test("a sender is notified, with its tag, exactly when its last byte is acknowledged")
    func completionNotifies() throws {
        let topology = try SmallFabrics.line(switches: 1, rate: .gigabitsPerSecond(100), delay: .nanoseconds(100))
        var simulator = Simulator(model: Client(network: PacketNetwork(topology: topology, config: .roce, seed: 1)))
        simulator.start()
        _ = simulator.run()
        let network = simulator.model.network
        #expect(simulator.model.completions.count == 2)
        #expect(simulator.model.completions[41] == network.records[0].finish)
        #expect(simulator.model.completions[42] == network.records[1].finish)
        #expect(network.records[1].start == .microseconds(5))
    }

    @Test(
        "an NVLink transfer takes bytes over the GPU's bandwidth plus the latency; one GPU's transfers queue, other pairs do not interfere"
    )
    func nvlink() throws {
        let topology = try LeafSpineConfig(leaves: 1, spines: 0, serversPerLeaf: 1).build()
        var domain = NVLinkDomain(topology: topology)
        let server = topology.servers[0]
        let bytes: Int64 = 90_000_000
        let transfer = server.nvlinkBandwidth.serializationTime(of: ByteCount(bytes))
        let first = domain.transfer(server: 0, from: 0, to: 1, bytes: bytes, now: .zero)
        #expect(first == transfer + server.nvlinkLatency)
        // GPU 0 is still sending: its next transfer starts when the first ends.
        let second = domain.transfer(server: 0, from: 0, to: 2, bytes: bytes, now: .zero)
        #expect(second == transfer * 2 + server.nvlinkLatency)
        // GPUs 3 → 4 share nothing with them.
        let third = domain.transfer(server: 0, from: 3, to: 4, bytes: bytes, now: .zero)
        #expect(third == first)
        #expect(domain.bytesMoved == 3 * bytes)
    }
}
