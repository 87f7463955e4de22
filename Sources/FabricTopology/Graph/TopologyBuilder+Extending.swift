import FabricKernel

extension TopologyBuilder {
    /// A builder that starts from a built topology — its nodes, cables and servers, in their order — so that more
    /// can be attached to it: storage servers on the training fabric, say (FabricStorage). Nodes keep their
    /// indices, so the hosts of the original keep their host indices and their servers' GPUs their numbering;
    /// new nodes come after them. Port indices are renumbered by `build()` as switches gain ports.
    public init(extending topology: Topology) {
        self.init(kind: topology.kind)
        reserveCapacity(nodes: topology.nodes.count, cables: topology.ports.count / 2)
        for node in topology.nodes {
            pendingNodes.append(
                PendingNode(role: node.role, name: node.name, pod: node.pod, server: node.server, rail: node.rail))
        }
        // Each cable once, from its lower-numbered port.
        for (p, port) in topology.ports.enumerated() where p < port.peer.index {
            cables.append(
                Cable(a: port.node, b: topology.ports[port.peer.index].node, rate: port.rate, delay: port.delay))
        }
        servers = topology.servers
    }
}
