import FabricKernel

/// The defaults the shape builders share, each with its source (docs/topologies.md lists them in one table).
public enum TopologyDefaults {
    /// 400 Gb/s on every cable: one ConnectX-7 port (NDR InfiniBand or 400 GbE), the NIC of a DGX H100, and the
    /// port speed of the switches built for it (Quantum-2 QM9700: 64 × 400 Gb/s; Spectrum-4 SN5600: 128 × 400 GbE).
    public static let linkRate = Bandwidth.gigabitsPerSecond(400)

    /// Propagation in fibre: light travels at c / n with a group index n ≈ 1.468 for standard single-mode fibre
    /// (Corning SMF-28: 1.4676 at 1,310 nm), 4.9 ns per metre, rounded to 5 ns; copper direct-attach cables are
    /// a little faster, so 5 ns is the conservative figure.
    public static let picosecondsPerMetre: Int64 = 5_000

    /// The propagation delay of a cable `metres` long.
    public static func propagationDelay(metres: Int64) -> SimTime { SimTime(picoseconds: metres * picosecondsPerMetre) }

    /// Host to leaf: 3 m, a cable within the rack or to the next one (the reach of a passive 400 Gb/s copper
    /// cable is 2–3 m). 15 ns.
    public static let hostLinkMetres: Int64 = 3
    /// Leaf to spine: 30 m, across a row of racks. 150 ns.
    public static let leafSpineMetres: Int64 = 30
    /// Spine to core: 100 m, across a hall: the reach of 400GBASE-SR4 multimode optics on OM4 fibre
    /// (IEEE 802.3db). 500 ns.
    public static let spineCoreMetres: Int64 = 100

    public static var hostLinkDelay: SimTime { propagationDelay(metres: hostLinkMetres) }
    public static var leafSpineDelay: SimTime { propagationDelay(metres: leafSpineMetres) }
    public static var spineCoreDelay: SimTime { propagationDelay(metres: spineCoreMetres) }

    /// NVLink 4 of an H100 SXM GPU: 18 links, 900 GB/s in total counting both directions, so 450 GB/s (3.6 Tb/s)
    /// each way (NVIDIA H100 Tensor Core GPU datasheet).
    public static let nvlinkBandwidth = Bandwidth(bitsPerSecond: 450 * 8 * 1_000_000_000)

    /// One-way latency of a small NVLink transfer between two GPUs of a server, through the NVSwitches: 500 ns,
    /// the order of NCCL's own model of an NVLink hop with its low-latency protocol (`hwLat` in NCCL's
    /// src/graph/tuning.cc: 0.4 to 0.6 µs, depending on the version and algorithm).
    public static let nvlinkLatency = SimTime.nanoseconds(500)

    /// A DGX H100 (or HGX H100) server: 8 GPUs, each with its own 400 Gb/s NIC on the compute fabric
    /// (DGX H100 user guide: eight single-port ConnectX-7 for the compute network).
    public static let gpusPerServer = 8
    public static let nicsPerServer = 8
}

/// Upper bounds that refuse an absurd configuration before anything is allocated.
public enum TopologyLimits {
    /// Hosts (NICs): the largest AI fabrics built so far have a few tens of thousands of GPUs.
    public static let hosts = 100_000
    public static let switches = 20_000
    /// Cables, including host cables; each is two ports.
    public static let cables = 1_000_000
    /// GPUs and NICs of one server (an NVL72 rack is one NVLink domain of 72 GPUs; 1,024 leaves room).
    public static let gpusPerServer = 1_024
    public static let nicsPerServer = 256
    /// Parallel cables between one pair of switches.
    public static let parallelLinks = 256
    /// The fastest single link accepted: 10 Tb/s (today's fastest switch ports are 1.6 Tb/s).
    public static let linkRate = Bandwidth.gigabitsPerSecond(10_000)
    /// The slowest rate accepted for any link, NVLink, NIC or storage device: 1 Mb/s. Times are integer
    /// picoseconds in 64 bits (2⁶³ ps ≈ 106.7 days), and the model computes serialisation times as
    /// bytes × 8 ÷ rate: at 1 Mb/s the largest packet (65,536 + 1,024 bytes) takes 0.53 s, and the largest single
    /// transfer a scenario may describe (a 1 TiB gradient, 8.8 × 10¹⁸ ps) still fits. At 1 b/s a 1.2 MB message
    /// would not, and the run trapped on overflow.
    public static let minimumRate = Bandwidth.megabitsPerSecond(1)
    /// The fastest NVLink bandwidth per GPU accepted: 100 Tb/s.
    public static let nvlinkBandwidth = Bandwidth.gigabitsPerSecond(100_000)
    /// The longest link or NVLink delay accepted: 1 s (a link delay is about 5 ns per metre).
    public static let delay = SimTime.seconds(1)
}
