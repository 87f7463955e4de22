import FabricKernel
import FabricTopology

/// Transfers between GPUs of one server over NVLink/NVSwitch, at flow level.
///
/// Each GPU has one NVLink "port" each way at its per-GPU bandwidth. A transfer occupies the sender's egress
/// and the receiver's ingress for bytes ÷ bandwidth, after whatever each already carries (first come, first
/// served), and completes one NVLink latency after its last byte. The NVSwitch itself is non-blocking, so two
/// GPUs' transfers to two other GPUs do not interfere. This is coarser than the packet network on purpose:
/// NVLink is an order of magnitude faster than the NICs, so its detail rarely sets a step's tail.
public struct NVLinkDomain: Sendable {
    let servers: [Server]
    /// First GPU index of each server in the flat per-GPU arrays.
    let firstGPU: [Int]
    var egressFree: [SimTime]
    var ingressFree: [SimTime]
    public private(set) var bytesMoved: Int64 = 0
    public private(set) var transfers: Int64 = 0

    public init(topology: Topology) {
        servers = topology.servers
        var first: [Int] = []
        var total = 0
        for server in topology.servers {
            first.append(total)
            total += server.gpuCount
        }
        firstGPU = first
        egressFree = Array(repeating: .zero, count: total)
        ingressFree = Array(repeating: .zero, count: total)
    }

    /// Books a transfer of `bytes` from GPU `source` to GPU `destination` of server `server`, starting no
    /// earlier than `now`; returns when it completes.
    public mutating func transfer(server: Int, from source: Int, to destination: Int, bytes: Int64, now: SimTime)
        -> SimTime
    {
        precondition(source != destination, "an NVLink transfer joins two different GPUs")
        let spec = servers[server]
        let a = firstGPU[server] + source
        let b = firstGPU[server] + destination
        let start = max(now, egressFree[a], ingressFree[b])
        let end = start + spec.nvlinkBandwidth.serializationTime(of: ByteCount(bytes))
        egressFree[a] = end
        ingressFree[b] = end
        bytesMoved += bytes
        transfers += 1
        return end + spec.nvlinkLatency
    }
}
