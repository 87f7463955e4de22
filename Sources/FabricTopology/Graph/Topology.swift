import FabricKernel

/// The fabric as a graph: nodes, their ports (each one direction of a cable), and the servers whose NICs are the
/// hosts. Immutable once built (`TopologyBuilder`); faults are applied by the network, which keeps its own view
/// of which links are up and at what rate.
public struct Topology: Sendable {
    public let nodes: [Node]
    public let ports: [Port]
    public let servers: [Server]
    /// The host nodes, in host-index order; a host index is how the network names an endpoint.
    public let hosts: [NodeID]
    /// For each node, its host index, or −1 for a switch.
    public let hostIndex: [Int32]
    /// What built it, for reports: `leaf-spine`, `fat-tree`, `rail-optimized`, or `custom`.
    public let kind: String

    init(nodes: [Node], ports: [Port], servers: [Server], kind: String) {
        self.nodes = nodes
        self.ports = ports
        self.servers = servers
        self.kind = kind
        var hosts: [NodeID] = []
        var hostIndex = Array(repeating: Int32(-1), count: nodes.count)
        for (i, node) in nodes.enumerated() where node.role == .host {
            hostIndex[i] = Int32(hosts.count)
            hosts.append(NodeID(i))
        }
        self.hosts = hosts
        self.hostIndex = hostIndex
    }

    @inlinable public func node(_ id: NodeID) -> Node { nodes[id.index] }
    @inlinable public func port(_ id: PortID) -> Port { ports[id.index] }

    /// The node at the far end of a port.
    @inlinable public func neighbour(through port: PortID) -> NodeID { ports[ports[port.index].peer.index].node }

    /// The port a host sends on (hosts have exactly one).
    public func uplink(ofHost host: Int) -> PortID { PortID(nodes[hosts[host].index].ports.lowerBound) }

    /// The switch a host is attached to.
    public func leaf(ofHost host: Int) -> NodeID { neighbour(through: uplink(ofHost: host)) }

    public var switchCount: Int { nodes.count - hosts.count }
    public var gpuCount: Int { servers.reduce(0) { $0 + $1.gpuCount } }
}
