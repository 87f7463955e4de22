import FabricKernel
import FabricTransport

/// Published flow-size distributions of data-centre traffic, shipped as data: (flow size in bytes, cumulative
/// fraction of flows), sampled with linear interpolation between points.
public enum FlowSizeDistributions {
    /// Web search: the query and background traffic of a production search cluster measured by Alizadeh et al.,
    /// "Data Center TCP (DCTCP)", SIGCOMM 2010, as tabulated for simulation by Li et al., "HPCC: High Precision
    /// Congestion Control", SIGCOMM 2019 (its WebSearch distribution). Mean about 1.6 MB; heavy-tailed to 30 MB.
    public static let webSearch = try! EmpiricalCDF(points: [
        (0, 0), (10_000, 0.15), (20_000, 0.20), (30_000, 0.30), (50_000, 0.40), (80_000, 0.53), (200_000, 0.60),
        (1_000_000, 0.70), (2_000_000, 0.80), (5_000_000, 0.90), (10_000_000, 0.97), (30_000_000, 1.0),
    ])

    /// Hadoop: flow sizes of Facebook's Hadoop clusters measured by Roy et al., "Inside the Social Network's
    /// (Datacenter) Network", SIGCOMM 2015, as tabulated by the HPCC paper's artifact (FbHdp). Mostly small
    /// flows: half are under 700 bytes; mean about 0.25 MB.
    public static let hadoop = try! EmpiricalCDF(points: [
        (0, 0), (100, 0.01), (200, 0.02), (300, 0.05), (350, 0.15), (400, 0.20), (500, 0.30), (600, 0.40),
        (700, 0.50), (1_000, 0.60), (2_000, 0.67), (7_000, 0.70), (30_000, 0.72), (50_000, 0.82), (80_000, 0.87),
        (120_000, 0.90), (300_000, 0.95), (1_000_000, 0.975), (2_000_000, 0.99), (10_000_000, 1.0),
    ])
}
