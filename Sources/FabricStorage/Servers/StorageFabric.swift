import FabricKernel
import FabricTopology

/// The network storage traffic runs on, and who sits where on it: each GPU's way out to storage (its client
/// host) and each storage server's NICs.
///
/// Converged, it is the training fabric with the storage servers added — their NICs are hosts that belong to no
/// server, so they never appear as GPUs, and they come after every existing node, so the GPUs' hosts keep their
/// indices and the training runs unchanged on the larger topology. Separate, it is a front-end leaf-spine of its
/// own between the GPU servers' front-end NICs and the storage servers.
public struct StorageFabric: Sendable {
    /// Where storage traffic runs: on a converged design also where the training runs.
    public let topology: Topology
    /// Whether `topology` is the training fabric (converged) or a network of its own (separate).
    public let isConverged: Bool
    /// Per GPU, in the training topology's global numbering: the host its checkpoint bytes leave through.
    public let clientHost: [Int32]
    /// Per storage server: the host indices of its NICs.
    public let serverHosts: [[Int32]]

    /// Storage NICs a dedicated storage leaf takes in the separate design's front-end.
    static let nicsPerStorageLeaf = 32

    public init(training: Topology, config: StorageConfig) throws(TopologyBuilder.Problem) {
        switch config.network {
        case .converged(let placement):
            var builder = TopologyBuilder(extending: training)
            let nics = Self.addStorage(config, placement: placement, to: &builder, in: training)
            topology = try builder.build()
            isConverged = true
            clientHost = Self.gpuHosts(training)
            serverHosts = Self.hostIndices(nics, in: topology)
        case .separate(let frontEnd):
            let front = try Self.frontEnd(frontEnd, training: training)
            var builder = TopologyBuilder(extending: front)
            let leaves = 1 + (config.servers * config.nicsPerServer - 1) / Self.nicsPerStorageLeaf
            let nics = Self.addStorage(config, placement: .dedicatedLeaves(leaves), to: &builder, in: front)
            topology = try builder.build()
            isConverged = false
            clientHost = Self.gpuHosts(front)
            serverHosts = Self.hostIndices(nics, in: topology)
        }
    }

    /// Per GPU (servers in order, GPUs in order within each): the host of the NIC it uses.
    static func gpuHosts(_ topology: Topology) -> [Int32] {
        topology.servers.flatMap { server in server.gpuNIC.map { topology.hostIndex[server.nics[$0].index] } }
    }

    static func hostIndices(_ nics: [[NodeID]], in topology: Topology) -> [[Int32]] {
        nics.map { $0.map { topology.hostIndex[$0.index] } }
    }

    /// The GPU servers of `training` again, each with `frontEnd.nicsPerServer` NICs, under leaves of their own.
    static func frontEnd(_ frontEnd: FrontEndNetwork, training: Topology) throws(TopologyBuilder.Problem) -> Topology {
        let servers = training.servers.count
        let first = training.servers.first
        guard let first, training.servers.allSatisfy({ $0.gpuCount == first.gpuCount }) else {
            throw TopologyBuilder.Problem(
                "a separate storage network needs GPU servers that all have the same number of GPUs")
        }
        let perLeaf = min(frontEnd.serversPerLeaf, servers)
        guard servers % perLeaf == 0 else {
            throw TopologyBuilder.Problem(
                "front_end_servers_per_leaf is \(perLeaf); expected a divisor of the \(servers) GPU servers",
                field: "front_end_servers_per_leaf")
        }
        let leaves = servers / perLeaf
        let config = LeafSpineConfig(
            leaves: leaves, spines: leaves > 1 ? frontEnd.spines : 0, serversPerLeaf: perLeaf,
            server: ServerConfig(
                gpusPerServer: first.gpuCount, nicsPerServer: frontEnd.nicsPerServer,
                nvlinkBandwidth: first.nvlinkBandwidth, nvlinkLatency: first.nvlinkLatency),
            hostLinkRate: frontEnd.nicRate, fabricLinkRate: frontEnd.linkRate)
        return try config.build()
    }

    /// Adds the storage servers' NICs as hosts named `storage<s>.nic<i>` (and, for dedicated leaves, the leaves
    /// `storage.leaf<l>`); returns each server's NIC nodes.
    static func addStorage(
        _ config: StorageConfig, placement: ConvergedPlacement, to builder: inout TopologyBuilder,
        in topology: Topology
    ) -> [[NodeID]] {
        let nics = (0..<config.servers).map { s in
            (0..<config.nicsPerServer).map { builder.addNode(.host, name: "storage\(s).nic\($0)") }
        }
        let all = nics.flatMap { $0 }
        let delay = TopologyDefaults.hostLinkDelay
        switch placement {
        case .spread:
            let leaves = topology.nodes.indices.filter { topology.nodes[$0].role == .leaf }.map { NodeID($0) }
            for (k, nic) in all.enumerated() {
                builder.connect(nic, leaves[k % leaves.count], rate: config.nicRate, delay: delay)
            }
        case .dedicatedLeaves(let count):
            // Joined to every switch of the fabric's top tier, with enough cables to carry their NICs at full rate.
            let level = NodeLevels(topology).level
            let top = level.max() ?? 1
            let uplinkTargets = topology.nodes.indices.filter { level[$0] == top && level[$0] > 0 }
            let linkRate =
                topology.ports.first {
                    topology.nodes[$0.node.index].role != .host
                        && topology.nodes[topology.ports[$0.peer.index].node.index].role != .host
                }?.rate ?? config.nicRate
            let leaves = (0..<count).map { builder.addNode(.leaf, name: "storage.leaf\($0)") }
            for (k, nic) in all.enumerated() {
                builder.connect(nic, leaves[k * count / all.count], rate: config.nicRate, delay: delay)
            }
            for (l, leaf) in leaves.enumerated() {
                let onLeaf = all.indices.filter { $0 * count / all.count == l }.count
                let needed = Int64(onLeaf) * config.nicRate.rawValue
                let perTarget = max(
                    1,
                    Int(
                        (needed + Int64(uplinkTargets.count) * linkRate.rawValue - 1)
                            / (Int64(uplinkTargets.count) * linkRate.rawValue)))
                for target in uplinkTargets {
                    for _ in 0..<perTarget {
                        builder.connect(leaf, NodeID(target), rate: linkRate, delay: TopologyDefaults.leafSpineDelay)
                    }
                }
            }
        }
        return nics
    }
}
