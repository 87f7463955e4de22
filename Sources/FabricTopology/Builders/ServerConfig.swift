import FabricKernel

/// What one server of a shape holds: GPUs, the NICs they reach the fabric through, and the NVLink/NVSwitch
/// domain that joins its GPUs.
public struct ServerConfig: Sendable, Equatable {
    /// GPUs in the server. Default 8 (DGX H100).
    public var gpusPerServer: Int
    /// NICs on the compute fabric, each a host with one cable to the fabric. Default 8 (DGX H100).
    public var nicsPerServer: Int
    /// For each GPU, the NIC it uses; nil for the default spread, GPU g on NIC g × nics / gpus (8 GPUs on
    /// 8 NICs: one each; 8 GPUs on 4 NICs: two per NIC, neighbours sharing; 8 GPUs on 1 NIC: all on it).
    public var gpuNIC: [Int]?
    /// NVLink bandwidth of one GPU into the server's NVSwitch domain, each direction. Default 450 GB/s (NVLink 4).
    public var nvlinkBandwidth: Bandwidth
    /// One-way latency of an NVLink transfer between two GPUs of the server. Default 500 ns.
    public var nvlinkLatency: SimTime

    public init(
        gpusPerServer: Int = TopologyDefaults.gpusPerServer,
        nicsPerServer: Int = TopologyDefaults.nicsPerServer,
        gpuNIC: [Int]? = nil,
        nvlinkBandwidth: Bandwidth = TopologyDefaults.nvlinkBandwidth,
        nvlinkLatency: SimTime = TopologyDefaults.nvlinkLatency
    ) {
        self.gpusPerServer = gpusPerServer
        self.nicsPerServer = nicsPerServer
        self.gpuNIC = gpuNIC
        self.nvlinkBandwidth = nvlinkBandwidth
        self.nvlinkLatency = nvlinkLatency
    }

    /// A DGX H100: 8 GPUs, 8 NICs, NVLink 4.
    public static let dgxH100 = ServerConfig()
    /// One GPU behind one NIC: the endpoint of the classic fat-tree studies.
    public static let singleGPU = ServerConfig(gpusPerServer: 1, nicsPerServer: 1)

    /// The NIC GPU `gpu` uses.
    public func nic(ofGPU gpu: Int) -> Int { gpuNIC?[gpu] ?? gpu * nicsPerServer / gpusPerServer }

    /// The NIC of every GPU, in GPU order.
    public var nicOfEveryGPU: [Int] { (0..<gpusPerServer).map(nic(ofGPU:)) }

    func validate(_ check: ConfigCheck) throws(TopologyBuilder.Problem) {
        try check.count(gpusPerServer, "gpus_per_server", in: 1...TopologyLimits.gpusPerServer)
        try check.count(nicsPerServer, "nics_per_server", in: 1...TopologyLimits.nicsPerServer)
        try check.rate(nvlinkBandwidth, "nvlink_bandwidth", max: TopologyLimits.nvlinkBandwidth)
        try check.delay(nvlinkLatency, "nvlink_latency")
        if let gpuNIC {
            guard gpuNIC.count == gpusPerServer else {
                throw check.problem(
                    "gpu_nic",
                    "\(check.prefix)gpu_nic lists \(gpuNIC.count) NICs; expected one per GPU, "
                        + "\(gpusPerServer)")
            }
            if let (gpu, nic) = gpuNIC.enumerated().first(where: { !(0..<nicsPerServer).contains($0.element) }) {
                throw check.problem(
                    "gpu_nic",
                    "\(check.prefix)gpu_nic gives GPU \(gpu) NIC \(nic); expected a NIC "
                        + "index 0 to \(nicsPerServer - 1)")
            }
        }
    }

    /// Adds `count` servers' NICs as hosts named `server<n>.nic<i>`, numbered from `firstServer`, and the servers
    /// themselves; returns each server's host nodes. `place(server, nic)` gives the pod and rail of a NIC.
    func addServers(
        _ count: Int, to builder: inout TopologyBuilder, firstServer: Int = 0,
        place: (Int, Int) -> (pod: Int, rail: Int) = { _, _ in (-1, -1) }
    ) -> [[NodeID]] {
        let mapping = nicOfEveryGPU
        var result: [[NodeID]] = []
        result.reserveCapacity(count)
        for s in firstServer..<firstServer + count {
            var nics: [NodeID] = []
            nics.reserveCapacity(nicsPerServer)
            for n in 0..<nicsPerServer {
                let (pod, rail) = place(s, n)
                nics.append(builder.addNode(.host, name: "server\(s).nic\(n)", pod: pod, rail: rail))
            }
            builder.addServer(
                nics: nics, gpuNIC: mapping, nvlinkBandwidth: nvlinkBandwidth, nvlinkLatency: nvlinkLatency)
            result.append(nics)
        }
        return result
    }
}
