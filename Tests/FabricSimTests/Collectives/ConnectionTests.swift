import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

/// Queue pairs and receiver admission (`ConnectionConfig`): what each does to paths, completion times and queues,
/// checked against the arithmetic of the fabric.
@Suite struct ConnectionTests {
    /// Two single-GPU servers on two leaves joined by `spines` spines whose links are 1/8 of the hosts' rate: one
    /// path carries an eighth of what a NIC can send.
    static func narrowSpines(spines: Int = 8) throws -> Topology {
        try LeafSpineConfig(
            leaves: 2, spines: spines, serversPerLeaf: 1, server: .singleGPU, hostLinkRate: .gigabitsPerSecond(400),
            fabricLinkRate: .gigabitsPerSecond(50)
        ).build()
    }

    /// InfiniBand's lossless credits, but ECMP: the path a message takes is its queue pair's hash.
    static func ecmp(
        queuePairs: Int = 1, use: ConnectionConfig.QueuePairUse = .roundRobin, admission: Int? = nil
    ) -> NetworkConfig {
        var config = NetworkConfig.infiniband
        config.loadBalancing = .ecmp
        config.connections = ConnectionConfig(queuePairs: queuePairs, queuePairUse: use, admission: admission)
        return config
    }

    static func run(_ build: (inout ScheduleBuilder) -> Void, on topology: Topology, config: NetworkConfig)
        -> CollectiveEpisode<PacketNetwork>
    {
        let layout = GPULayout(topology: topology)
        var builder = ScheduleBuilder(layout: layout)
        build(&builder)
        let fabric = CollectiveFabric(
            network: PacketNetwork(topology: topology, config: config, seed: 3), layout: layout)
        return CollectiveEpisode.run(CollectiveEpisode(fabric: fabric, schedule: builder.build())).episode
    }

    /// The uplinks of host 0's leaf that carried bytes of the run (the data's way; the acknowledgements come back
    /// through the other leaf's).
    static func usedUplinks(_ episode: CollectiveEpisode<PacketNetwork>) -> Int {
        let network = episode.fabric.network
        let topology = network.topology
        let leaf = topology.neighbour(through: topology.uplink(ofHost: 0))
        let used = topology.nodes[leaf.index].ports.filter { p in
            topology.nodes[topology.neighbour(through: PortID(p)).index].role == .spine && network.port(p).bytesSent > 0
        }
        return used.count
    }

    @Test func aConnectionsMessagesKeepOnePath() throws {
        // Eight messages of one stream: one queue pair, so one entropy and one spine, where fresh entropy per
        // message would have spread them over the eight (all on one with probability 8⁻⁷).
        let topology = try Self.narrowSpines()
        let episode = Self.run(
            { b in
                var previous: OpID?
                for _ in 0..<8 { previous = b.transfer(from: 0, to: 1, bytes: 1 << 20, stream: previous) }
            }, on: topology, config: Self.ecmp())
        #expect(episode.executor.isComplete)
        #expect(Self.usedUplinks(episode) == 1)
    }

    @Test func roundRobinTakesTheQueuePairsInTurn() throws {
        // Sixteen messages of one stream over four queue pairs in turn: four entropies, so at most four spines,
        // each message whole on one; with eight spines, all four on one spine has probability 8⁻³.
        let topology = try Self.narrowSpines()
        let bytes: Int64 = 1 << 20
        let episode = Self.run(
            { b in
                var previous: OpID?
                for _ in 0..<16 { previous = b.transfer(from: 0, to: 1, bytes: bytes, stream: previous) }
            }, on: topology, config: Self.ecmp(queuePairs: 4))
        #expect(episode.executor.isComplete)
        let used = Self.usedUplinks(episode)
        #expect(used > 1 && used <= 4)
        // Whole messages: as many data packets as sixteen messages of 1 MiB make, none split smaller.
        let config = Self.ecmp()
        #expect(episode.fabric.network.counters.dataPacketsSent == 16 * (bytes / Int64(config.mtu)))
    }

    @Test func queuePairsSpreadAMessageOverPaths() throws {
        let topology = try Self.narrowSpines()
        let bytes: Int64 = 16 << 20
        func time(_ pairs: Int) -> (SimTime, Int) {
            let episode = Self.run(
                { b in _ = b.transfer(from: 0, to: 1, bytes: bytes) }, on: topology,
                config: Self.ecmp(queuePairs: pairs, use: .split))
            #expect(episode.executor.isComplete)
            return (episode.executor.lastFinish, Self.usedUplinks(episode))
        }
        let config = Self.ecmp()
        let wire = Double(config.wireBytes(payload: config.mtu)) / Double(config.mtu)
        // One queue pair: one 50 Gb/s spine link carries the whole message.
        let onePath = Double(bytes) * wire * 8 / 50e9
        let (single, singlePaths) = time(1)
        #expect(singlePaths == 1)
        #expect(single.seconds >= onePath && single.seconds <= onePath * 1.05)
        // Sixteen: the parts (a sixteenth of the message each) hash over the eight spines, the busiest with at
        // least two, so the time is at least an eighth of one path's; the busiest spine sets it.
        let (spread, spreadPaths) = time(16)
        #expect(spreadPaths >= 4)
        #expect(spread.seconds >= onePath * 2 / 16 * 0.99)
        #expect(spread.seconds <= single.seconds / 2)
    }

    @Test func admissionLetsOneSenderInAtATime() throws {
        // Eight senders into one NIC at once. Unadmitted, they share its cable and its switch port queues what
        // the eight send beyond one link; admitted one at a time, each message has the cable to itself, the
        // queue holds at most what one sender's packets bunch into, and the incast takes the eight messages
        // back to back plus a grant's trip per handover.
        let topology = try LeafSpineConfig(
            leaves: 1, spines: 0, serversPerLeaf: 9, server: .singleGPU, hostLinkRate: .gigabitsPerSecond(100)
        ).build()
        let bytes: Int64 = 2 << 20
        func incast(_ admission: Int?) -> (time: SimTime, queue: Int64) {
            let episode = Self.run(
                { b in for s in 1...8 { _ = b.transfer(from: s, to: 0, bytes: bytes) } }, on: topology,
                config: Self.ecmp(admission: admission))
            #expect(episode.executor.isComplete)
            let network = episode.fabric.network
            let intoReceiver = network.topology.uplink(ofHost: 0).index
            let port = network.topology.ports[intoReceiver].peer.index
            return (episode.executor.lastFinish, network.port(port).queues?.peakQueuedBytes ?? 0)
        }
        let config = Self.ecmp()
        let packet = Int64(config.wireBytes(payload: config.mtu))
        let serial = Double(bytes) * Double(packet) / Double(config.mtu) * 8 / 100e9
        let free = incast(nil)
        let admitted = incast(1)
        #expect(free.queue > 100 * packet)
        #expect(admitted.queue <= 2 * packet)
        // Back to back: eight serialisations, plus per handover at most a round trip and a grant (a few µs here).
        #expect(admitted.time.seconds >= 8 * serial)
        #expect(admitted.time.seconds <= 8 * serial + 8 * 10e-6)
    }
}
