import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricStorage
import FabricTopology
import FabricTransport
import Testing

/// A checkpoint written on an idle fabric: its time follows whichever of the media and the storage NICs is the
/// bottleneck.
@Suite struct CheckpointWriteTests {
    /// Four single-GPU servers on two leaves under one spine, 100 Gb/s everywhere; the storage servers on a
    /// storage leaf of their own.
    static func fabric(_ config: StorageConfig) throws -> StorageFabric {
        let training = try LeafSpineConfig(
            leaves: 2, spines: 1, serversPerLeaf: 2, server: .singleGPU,
            hostLinkRate: .gigabitsPerSecond(100), fabricLinkRate: .gigabitsPerSecond(100)
        ).build()
        return try StorageFabric(training: training, config: config)
    }

    static func write(_ config: StorageConfig, shard: Int64, ranks: Int = 4) throws -> (
        StorageTraffic, PacketNetwork, StorageFabric
    ) {
        let fabric = try fabric(config)
        let writers = StorageTraffic.writers(
            shards: Array(repeating: shard, count: ranks), members: Array(0..<ranks),
            fabric: fabric, config: config)
        let traffic = StorageTraffic(config: config, serverHosts: fabric.serverHosts, writers: writers, start: .zero)
        let network = PacketNetwork(topology: fabric.topology, config: .infiniband, seed: 1)
        let run = StorageEpisode<PacketNetwork>.run(traffic, on: network)
        return (run.traffic, run.network, fabric)
    }

    /// Two storage servers of one NIC each, stripes over both, 50 µs a request.
    static func storage(nic: Int64, media: Bandwidth, cache: Int64 = StorageDefaults.cacheBytes) -> StorageConfig {
        StorageConfig(
            servers: 2, nicsPerServer: 1, nicRate: .gigabitsPerSecond(nic), mediaBandwidth: media,
            requestLatency: .microseconds(50), cacheBytes: cache, stripeCount: 2)
    }

    /// 2 GB/s and 100 GB/s of media.
    static let slowMedia = Bandwidth(bitsPerSecond: 16_000_000_000)
    static let fastMedia = Bandwidth(bitsPerSecond: 800_000_000_000)

    static func relative(_ measured: SimTime, _ expected: Double) -> Double {
        abs(measured.seconds - expected) / expected
    }

    @Test func mediaBottleneckTakesBytesOverAggregateMediaBandwidthPlusLatency() throws {
        // 2 servers writing 2 GB/s each behind 100 Gb/s NICs: the media is 3 × slower than the network.
        let config = Self.storage(nic: 100, media: Self.slowMedia, cache: 8 << 20)
        let shard: Int64 = 16 << 20
        let (traffic, network, _) = try Self.write(config, shard: shard)
        let bytes = Double(4 * shard)
        let expected = bytes / (2 * 2e9) + 50e-6
        let durable = try #require(traffic.durableAt)
        #expect(Self.relative(durable, expected) < 0.02, "durable at \(durable), expected \(expected) s")
        #expect(traffic.bytesPerServer.reduce(0, +) == 4 * shard)
        #expect(network.conservation.passed)
        // Both servers carried half: the striping spreads the writers evenly.
        #expect(traffic.bytesPerServer == [2 * shard, 2 * shard])
    }

    @Test func nicBottleneckFollowsTheStorageNICRate() throws {
        // Media at 100 GB/s behind 25 Gb/s NICs: the storage NICs' downlinks are the bottleneck.
        let config = Self.storage(nic: 25, media: Self.fastMedia)
        let shard: Int64 = 8 << 20
        let (traffic, network, _) = try Self.write(config, shard: shard)
        let payload = NetworkConfig.infiniband.payloadEfficiency
        let expected = Double(4 * shard) / payload * 8 / (2 * 25e9) + 50e-6
        let durable = try #require(traffic.durableAt)
        #expect(Self.relative(durable, expected) < 0.02, "durable at \(durable), expected \(expected) s")
        #expect(network.conservation.passed)
    }

    @Test func aSmallCacheHoldsWritersToTheMediaPace() throws {
        // A cache of two stripes: the writers wait for room, and the media still sets the time.
        let config = Self.storage(nic: 100, media: Self.slowMedia, cache: 2 << 20)
        let shard: Int64 = 8 << 20
        let (traffic, _, _) = try Self.write(config, shard: shard)
        let durable = try #require(traffic.durableAt)
        #expect(Self.relative(durable, Double(4 * shard) / 4e9 + 50e-6) < 0.02)
    }

    @Test func durableInCacheEndsWhenTheNetworkHasDeliveredEverything() throws {
        // The same slow media, but a battery-backed cache large enough for the whole checkpoint: the network sets
        // the time, far below the media's.
        var config = Self.storage(nic: 100, media: Self.slowMedia, cache: 64 << 20)
        config.durableInCache = true
        let shard: Int64 = 8 << 20
        let (traffic, _, _) = try Self.write(config, shard: shard)
        let durable = try #require(traffic.durableAt)
        #expect(durable.seconds < Double(4 * shard) / 4e9 / 2)
        // Two 100 Gb/s storage NICs take the 32 MiB at best in 2.7 ms.
        #expect(durable.seconds > Double(4 * shard) * 8 / 200e9)
    }

    @Test func anUploadCutIntoEpisodesDeliversEveryByteInAboutTheSameTime() throws {
        let config = Self.storage(nic: 25, media: Self.fastMedia)
        let shard: Int64 = 4 << 20
        let (whole, _, fabric) = try Self.write(config, shard: shard)
        let writers = StorageTraffic.writers(
            shards: Array(repeating: shard, count: 4), members: Array(0..<4), fabric: fabric, config: config)
        var traffic = StorageTraffic(config: config, serverHosts: fabric.serverHosts, writers: writers, start: .zero)
        let network = PacketNetwork(topology: fabric.topology, config: .infiniband, seed: 1)
        var episodes = 0
        while !traffic.isDurable, episodes < 100 {
            traffic = StorageEpisode<PacketNetwork>.run(traffic, on: network, until: .microseconds(300)).traffic
            episodes += 1
        }
        let cut = try #require(traffic.durableAt)
        let uncut = try #require(whole.durableAt)
        #expect(episodes > 5)
        #expect(traffic.bytesPerServer.reduce(0, +) == 4 * shard)
        // Each cut loses what was on the wires (a few packets of each flow) and restarts the flows together: a few
        // per cent at most.
        #expect(Self.relative(cut, uncut.seconds) < 0.03, "cut \(cut), whole \(uncut)")
    }

    @Test func convergedStorageHostsAreNotGPUsAndLeaveTheGPUsHostsAlone() throws {
        let config = StorageConfig(servers: 3, nicsPerServer: 2, network: .converged(.spread))
        let training = try LeafSpineConfig(leaves: 2, spines: 1, serversPerLeaf: 2).build()
        let fabric = try StorageFabric(training: training, config: config)
        #expect(GPULayout(topology: fabric.topology).count == GPULayout(topology: training).count)
        #expect(GPULayout(topology: fabric.topology).host == GPULayout(topology: training).host)
        #expect(fabric.topology.hosts.count == training.hosts.count + 6)
        #expect(fabric.serverHosts.flatMap { $0 }.allSatisfy { $0 >= training.hosts.count })
        // Spread: the six storage NICs alternate between the two leaves.
        let leaves = fabric.serverHosts.flatMap { $0 }.map {
            fabric.topology.nodes[fabric.topology.leaf(ofHost: Int($0)).index].name
        }
        #expect(leaves == ["leaf0", "leaf1", "leaf0", "leaf1", "leaf0", "leaf1"])
    }

    @Test func aSeparateNetworkReachesStorageThroughFrontEndNICs() throws {
        let config = StorageConfig(
            servers: 2, network: .separate(FrontEndNetwork(nicsPerServer: 1, serversPerLeaf: 2, spines: 2)))
        let training = try LeafSpineConfig(leaves: 2, spines: 1, serversPerLeaf: 2).build()
        let fabric = try StorageFabric(training: training, config: config)
        #expect(!fabric.isConverged)
        // Four servers with one front-end NIC each, plus four storage NICs.
        #expect(fabric.topology.hosts.count == 4 + 4)
        // The 8 GPUs of a server share its one front-end NIC.
        #expect(fabric.clientHost.count == 32)
        #expect(Set(fabric.clientHost[0..<8]).count == 1)
    }
}
