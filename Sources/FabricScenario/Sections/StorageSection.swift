import FabricKernel
import FabricStorage

/// Which network reaches the storage servers.
public enum StorageNetworkChoice: String, ScenarioChoice {
    case converged
    case separate
}

/// Where converged storage servers attach.
public enum StoragePlacementChoice: String, ScenarioChoice {
    case dedicatedLeaves = "dedicated-leaves"
    case spread
}

/// `storage:` — the parallel file system checkpoints are written to, beside a workload. Defaults and sources:
/// docs/storage.md.
enum StorageSection {
    static let rateRange = TopologySection.rates

    static let network = ScenarioKey<StorageNetworkChoice>(
        "network", default: .converged,
        meaning:
            "converged: the storage servers hang on the training fabric and share it; separate: a front-end leaf-spine of their own, reached through the GPU servers' front-end NICs."
    )
    static let placement = ScenarioKey<StoragePlacementChoice>(
        "placement", default: .dedicatedLeaves,
        meaning:
            "Converged: dedicated-leaves puts the storage NICs on leaves of their own joined to every spine; spread puts them on the training leaves in turn."
    )
    static let storageLeaves = ScenarioKey<Int64>(
        "storage_leaves", default: 1, range: 1...1000,
        meaning:
            "Converged with dedicated-leaves: storage leaves; the storage NICs are split over them in equal blocks.")
    static let servers = ScenarioKey<Int64>(
        "servers", default: Int64(StorageDefaults.servers), range: 1...Int64(StorageLimits.servers),
        meaning: "Storage servers (object storage targets), each with its own media and cache.")
    static let nicsPerServer = ScenarioKey<Int64>(
        "nics_per_server", default: Int64(StorageDefaults.nicsPerServer),
        range: 1...Int64(StorageLimits.nicsPerServer),
        meaning: "NICs per storage server; a writer's requests to a server use them in turn.")
    static let nicRate = ScenarioKey<Bandwidth>(
        "nic_rate", default: StorageDefaults.nicRate, range: rateRange, meaning: "Rate of each storage NIC's cable.")
    static let media = ScenarioKey<Bandwidth>(
        "media_bandwidth", default: StorageDefaults.mediaBandwidth, range: rateRange,
        meaning: "Write rate of one server's media (all its drives, after data protection).")
    static let latency = ScenarioKey<SimTime>(
        "request_latency", default: StorageDefaults.requestLatency, range: SimTime.zero...SimTime.seconds(1),
        meaning: "Fixed cost of one write request at the server before it is acknowledged; also the final commit's.")
    static let cache = ScenarioKey<ByteCount>(
        "cache_size", default: ByteCount(StorageDefaults.cacheBytes), range: ByteCount(1)...ByteCount(1 << 50),
        meaning:
            "Write-back cache of each server: a request is admitted only when its bytes fit beside those not yet on media."
    )
    static let durableInCache = ScenarioKey<Bool>(
        "durable_in_cache", default: false,
        meaning:
            "Whether bytes in the cache count as durable (battery-backed or mirrored cache); otherwise a checkpoint is durable when its last byte is on media."
    )
    static let stripeSize = ScenarioKey<ByteCount>(
        "stripe_size", default: ByteCount(StorageDefaults.stripeSize), range: ByteCount(4096)...ByteCount(1 << 34),
        meaning:
            "Bytes of a file on one server before the next takes over (Lustre's stripe_size); one write request each.")
    static let stripeCount = ScenarioKey<Int64>(
        "stripe_count", default: Int64(StorageDefaults.stripeCount), range: 1...Int64(StorageLimits.servers),
        meaning:
            "Servers each writer's file is striped over, round-robin; writer w's set starts stripe_count servers after writer w − 1's."
    )
    static let inFlight = ScenarioKey<Int64>(
        "requests_in_flight", default: Int64(StorageDefaults.requestsInFlight), range: 1...1024,
        meaning: "Write requests a writer keeps outstanding (Lustre's max_rpcs_in_flight).")
    static let trafficClass = ScenarioKey<Int64>(
        "traffic_class", default: 1, range: 1...7,
        meaning:
            "Traffic class of storage flows: 1 shares the training's queues; another gets queues of its own, served in turn with it."
    )
    static let frontEndNICs = ScenarioKey<Int64>(
        "front_end_nics_per_server", default: Int64(StorageDefaults.frontEndNICs), range: 1...64,
        meaning: "Separate: front-end NICs of each GPU server, shared by its GPUs.")
    static let frontEndRate = ScenarioKey<Bandwidth>(
        "front_end_nic_rate", default: StorageDefaults.frontEndNICRate, range: rateRange,
        meaning: "Separate: rate of each front-end NIC.")
    static let frontEndPerLeaf = ScenarioKey<Int64>(
        "front_end_servers_per_leaf", default: 16, range: 1...100_000,
        meaning: "Separate: GPU servers under each front-end leaf (a divisor of the servers, or more than all of them)."
    )
    static let frontEndSpines = ScenarioKey<Int64>(
        "front_end_spines", default: 4, range: 1...1000,
        meaning: "Separate: front-end spines (when there is more than one front-end leaf).")
    static let frontEndLinkRate = ScenarioKey<Bandwidth>(
        "front_end_link_rate", default: StorageDefaults.nicRate, range: rateRange,
        meaning: "Separate: rate of each front-end leaf–spine cable.")

    static let documentation = SectionDocumentation(
        path: "storage",
        summary:
            "The storage servers a checkpoint is written to, beside a workload and a checkpoint section: their NICs, media and write-back cache, the striping of files over them, and the network that reaches them (converged on the training fabric, or separate). docs/storage.md.",
        keys: [
            network.documentation, placement.documentation, storageLeaves.documentation, servers.documentation,
            nicsPerServer.documentation, nicRate.documentation, media.documentation, latency.documentation,
            cache.documentation, durableInCache.documentation,
            stripeSize.documentation, stripeCount.documentation, inFlight.documentation, trafficClass.documentation,
            frontEndNICs.documentation, frontEndRate.documentation, frontEndPerLeaf.documentation,
            frontEndSpines.documentation,
            frontEndLinkRate.documentation,
        ])

    static func read(_ reader: inout SectionReader) -> StorageConfig? {
        let network = reader.read(Self.network)
        let placement = reader.read(Self.placement)
        let leaves = reader.read(storageLeaves)
        let servers = reader.read(Self.servers)
        let nics = reader.read(nicsPerServer)
        let nicRate = reader.read(Self.nicRate)
        let media = reader.read(Self.media)
        let latency = reader.read(Self.latency)
        let cache = reader.read(Self.cache)
        let durable = reader.read(durableInCache)
        let stripeSize = reader.read(Self.stripeSize)
        let stripeCount = reader.read(Self.stripeCount)
        let inFlight = reader.read(Self.inFlight)
        let trafficClass = reader.read(Self.trafficClass)
        let frontNICs = reader.read(frontEndNICs)
        let frontRate = reader.read(frontEndRate)
        let frontPerLeaf = reader.read(frontEndPerLeaf)
        let frontSpines = reader.read(frontEndSpines)
        let frontLink = reader.read(frontEndLinkRate)
        guard let network, let placement, let leaves, let servers, let nics, let nicRate, let media, let latency,
            let cache,
            let durable, let stripeSize, let stripeCount, let inFlight, let trafficClass, let frontNICs, let frontRate,
            let frontPerLeaf, let frontSpines, let frontLink
        else { return nil }
        let where_: StorageNetwork =
            switch network {
            case .converged: .converged(placement == .spread ? .spread : .dedicatedLeaves(Int(leaves)))
            case .separate:
                .separate(
                    FrontEndNetwork(
                        nicsPerServer: Int(frontNICs), nicRate: frontRate, serversPerLeaf: Int(frontPerLeaf),
                        spines: Int(frontSpines), linkRate: frontLink))
            }
        let config = StorageConfig(
            servers: Int(servers), nicsPerServer: Int(nics), nicRate: nicRate, mediaBandwidth: media,
            requestLatency: latency,
            cacheBytes: cache.bytes, durableInCache: durable, stripeSize: stripeSize.bytes,
            stripeCount: Int(stripeCount),
            requestsInFlight: Int(inFlight), trafficClass: Int(trafficClass), network: where_)
        if let problem = config.problem {
            reader.reject(problem.field, problem.message)
            return nil
        }
        return config
    }
}
