import FabricKernel

/// The storage defaults, each with its reason (docs/storage.md lists them with sources).
public enum StorageDefaults {
    /// Eight storage servers: a small all-flash parallel file system for one 512-GPU pod.
    public static let servers = 8
    /// Two 400 Gb/s ports per server, the dual-port ConnectX-7 of current flash storage servers.
    public static let nicsPerServer = 2
    public static let nicRate = Bandwidth.gigabitsPerSecond(400)
    /// 20 GB/s of media writes per server: a 2U server of NVMe drives writing 3–7 GB/s each sequentially, after
    /// the cost of data protection (parity or erasure coding) and the server's own limits. Below its NICs'
    /// 100 GB/s, as in most flash systems: the media, not the network, bounds a long write.
    public static let mediaBandwidth = Bandwidth(bitsPerSecond: 20 * 8 * 1_000_000_000)
    /// 50 µs per write request: an RDMA file-system RPC (tens of µs) plus the server's bookkeeping.
    public static let requestLatency = SimTime.microseconds(50)
    /// 16 GiB of write-back cache (server DRAM) per server.
    public static let cacheBytes: Int64 = 16 << 30
    /// 1 MiB stripes: Lustre's default stripe_size.
    public static let stripeSize: Int64 = 1 << 20
    /// Each file over four servers (Lustre's own default is one; wide striping is the usual advice for the
    /// large files of a checkpoint).
    public static let stripeCount = 4
    /// Eight outstanding requests per writer: Lustre's default max_rpcs_in_flight.
    public static let requestsInFlight = 8
    /// A GPU server's front-end: one 400 Gb/s NIC (a DGX H100 has two dual-port ConnectX-7 cards for storage
    /// and management; one 400 Gb/s path is what a checkpoint sees from each).
    public static let frontEndNICs = 1
    public static let frontEndNICRate = Bandwidth.gigabitsPerSecond(400)
}

/// Upper bounds that refuse an absurd storage system before anything is allocated.
public enum StorageLimits {
    public static let servers = 10_000
    public static let nicsPerServer = 64
    /// Write requests of one checkpoint (each a stripe): each costs a few tens of bytes and one network flow.
    public static let requests = 20_000_000
}
