import FabricKernel

/// A server: GPUs, the NICs they use to reach the fabric, and the NVLink/NVSwitch domain that joins its GPUs.
public struct Server: Sendable, Equatable {
    /// Its NICs, as host nodes, in NIC order.
    public var nics: [NodeID]
    /// For each GPU, the index in `nics` of the NIC it sends and receives through.
    public var gpuNIC: [Int]
    /// NVLink bandwidth of one GPU into the NVSwitch domain, per direction.
    public var nvlinkBandwidth: Bandwidth
    /// One-way latency of an NVLink transfer between two GPUs of the server.
    public var nvlinkLatency: SimTime

    public init(nics: [NodeID], gpuNIC: [Int], nvlinkBandwidth: Bandwidth, nvlinkLatency: SimTime) {
        self.nics = nics
        self.gpuNIC = gpuNIC
        self.nvlinkBandwidth = nvlinkBandwidth
        self.nvlinkLatency = nvlinkLatency
    }

    public var gpuCount: Int { gpuNIC.count }
}
