import FabricTopology

/// Where every GPU of a topology sits: its server, its index in the server, and the host (NIC) its network
/// traffic leaves and arrives through (`Server.gpuNIC`).
///
/// GPUs are numbered globally in server order: server 0's GPUs, then server 1's, … — the rank order of a job
/// that places consecutive ranks on one server, as launchers do by default.
public struct GPULayout: Sendable {
    /// Per GPU: its server.
    public let server: [Int32]
    /// Per GPU: its index inside the server.
    public let local: [Int32]
    /// Per GPU: the host index of its NIC.
    public let host: [Int32]
    /// Per server: the global index of its first GPU.
    public let firstGPU: [Int]

    public init(topology: Topology) {
        var server: [Int32] = []
        var local: [Int32] = []
        var host: [Int32] = []
        var first: [Int] = []
        for (s, spec) in topology.servers.enumerated() {
            first.append(server.count)
            for g in 0..<spec.gpuCount {
                server.append(Int32(s))
                local.append(Int32(g))
                host.append(topology.hostIndex[spec.nics[spec.gpuNIC[g]].index])
            }
        }
        self.server = server
        self.local = local
        self.host = host
        firstGPU = first
    }

    public var count: Int { server.count }
    public var serverCount: Int { firstGPU.count }

    /// GPUs of server `s`.
    public func gpus(ofServer s: Int) -> Range<Int> {
        firstGPU[s]..<(s + 1 < firstGPU.count ? firstGPU[s + 1] : server.count)
    }

    /// Whether two GPUs share a server (and so talk over NVLink).
    @inlinable public func sameServer(_ a: Int, _ b: Int) -> Bool { server[a] == server[b] }
}
