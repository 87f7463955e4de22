import FabricKernel

/// The storage system checkpoints are written to: a parallel file system's servers, their NICs, media and
/// write-back cache, how files are striped over them, and which network reaches them. Defaults and their
/// sources: docs/storage.md.
public struct StorageConfig: Sendable, Equatable {
    /// Storage servers (object storage targets of a parallel file system, one each).
    public var servers: Int
    /// NICs per storage server, each a host with one cable to its switch.
    public var nicsPerServer: Int
    /// Rate of each storage NIC's cable.
    public var nicRate: Bandwidth
    /// Rate at which one server writes to its media (all its drives together, after data protection).
    public var mediaBandwidth: Bandwidth
    /// Fixed cost of one write request at the server (RPC handling, file-system bookkeeping), paid once per
    /// request before it is acknowledged; it overlaps other requests' transfers.
    public var requestLatency: SimTime
    /// Write-back cache of each server: bytes received but not yet on media. A request is admitted only when its
    /// bytes fit, so a full cache holds writers back to the media's pace.
    public var cacheBytes: Int64
    /// Whether data in the cache counts as durable (battery-backed or mirrored cache); when false (the default) a
    /// write is durable only once written to media.
    public var durableInCache: Bool
    /// Bytes of a file on one server before the next server takes over (Lustre's stripe_size).
    public var stripeSize: Int64
    /// Servers each file is spread over (Lustre's stripe_count); a writer's stripes go to them round-robin.
    public var stripeCount: Int
    /// Write requests a writer keeps outstanding (Lustre's max_rpcs_in_flight); each is one stripe.
    public var requestsInFlight: Int
    /// Traffic class of storage flows on a shared fabric (1 = the training's own class).
    public var trafficClass: Int
    /// Which network reaches the servers.
    public var network: StorageNetwork

    public init(
        servers: Int = StorageDefaults.servers, nicsPerServer: Int = StorageDefaults.nicsPerServer,
        nicRate: Bandwidth = StorageDefaults.nicRate, mediaBandwidth: Bandwidth = StorageDefaults.mediaBandwidth,
        requestLatency: SimTime = StorageDefaults.requestLatency, cacheBytes: Int64 = StorageDefaults.cacheBytes,
        durableInCache: Bool = false, stripeSize: Int64 = StorageDefaults.stripeSize,
        stripeCount: Int = StorageDefaults.stripeCount, requestsInFlight: Int = StorageDefaults.requestsInFlight,
        trafficClass: Int = 1, network: StorageNetwork = .converged(.dedicatedLeaves(1))
    ) {
        self.servers = servers
        self.nicsPerServer = nicsPerServer
        self.nicRate = nicRate
        self.mediaBandwidth = mediaBandwidth
        self.requestLatency = requestLatency
        self.cacheBytes = cacheBytes
        self.durableInCache = durableInCache
        self.stripeSize = stripeSize
        self.stripeCount = stripeCount
        self.requestsInFlight = requestsInFlight
        self.trafficClass = trafficClass
        self.network = network
    }

    /// The servers' media together: the ceiling of any checkpoint's write rate.
    public var aggregateMediaBandwidth: Bandwidth { Bandwidth(rawValue: mediaBandwidth.rawValue * Int64(servers)) }
    /// The servers' NICs together.
    public var aggregateNICBandwidth: Bandwidth {
        Bandwidth(rawValue: nicRate.rawValue * Int64(servers * nicsPerServer))
    }

    /// Why the configuration cannot be used, or nil.
    public var problem: (field: String, message: String)? {
        if stripeCount > servers {
            return ("stripe_count", "found \(stripeCount); there are \(servers) servers to stripe over")
        }
        if cacheBytes < stripeSize {
            return (
                "cache_size",
                "found \(ByteCount(cacheBytes)), less than one stripe of \(ByteCount(stripeSize)); a request must fit in the cache"
            )
        }
        return nil
    }
}

/// Where the storage servers sit.
public enum StorageNetwork: Sendable, Equatable {
    /// On the training fabric itself: storage traffic shares its switches and the GPUs' NICs.
    case converged(ConvergedPlacement)
    /// On a front-end network of their own, reached through the GPU servers' front-end NICs: checkpoint traffic
    /// never meets the training traffic.
    case separate(FrontEndNetwork)
}

/// How storage servers attach to the training fabric.
public enum ConvergedPlacement: Sendable, Equatable {
    /// `n` storage leaves of their own, each joined to every spine (every switch of the fabric's top tier when it
    /// has no spines) with enough cables at the fabric's link rate to carry their NICs at full rate; the storage
    /// NICs are split over them in equal blocks, in server order.
    case dedicatedLeaves(Int)
    /// Storage NICs spread over the fabric's leaves, one after another in turn (NIC i of the whole storage system
    /// on leaf i mod leaves), sharing the leaves' uplinks with the GPUs under them.
    case spread
}

/// The front-end (storage) network of a separate design: a two-tier leaf-spine joining the GPU servers'
/// front-end NICs and the storage servers.
public struct FrontEndNetwork: Sendable, Equatable {
    /// Front-end NICs per GPU server; its GPUs share them (GPU g uses NIC g × nics ÷ GPUs).
    public var nicsPerServer: Int
    public var nicRate: Bandwidth
    /// GPU servers under each front-end leaf; storage servers get leaves of their own.
    public var serversPerLeaf: Int
    public var spines: Int
    public var linkRate: Bandwidth

    public init(
        nicsPerServer: Int = StorageDefaults.frontEndNICs, nicRate: Bandwidth = StorageDefaults.frontEndNICRate,
        serversPerLeaf: Int = 16, spines: Int = 4, linkRate: Bandwidth = StorageDefaults.nicRate
    ) {
        self.nicsPerServer = nicsPerServer
        self.nicRate = nicRate
        self.serversPerLeaf = serversPerLeaf
        self.spines = spines
        self.linkRate = linkRate
    }
}
