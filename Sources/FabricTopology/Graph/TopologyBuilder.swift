import FabricKernel

/// Assembles a `Topology`: add nodes, join them with cables, attach servers, then `build()`.
public struct TopologyBuilder {
    /// Why a topology cannot be built.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
        /// The configuration field the problem is about, as the message names it (`servers_per_leaf`,
        /// `server.nics_per_server`, `faults[2]`), or nil when it concerns the whole shape. A scenario reader can
        /// use it to point at the line of the offending key.
        public var field: String?
        public init(_ description: String, field: String? = nil) {
            self.description = description
            self.field = field
        }
    }

    struct PendingNode {
        var role: NodeRole
        var name: String
        var pod: Int
        var server: Int
        var rail: Int
    }

    struct Cable {
        var a: NodeID
        var b: NodeID
        var rate: Bandwidth
        var delay: SimTime
    }

    var pendingNodes: [PendingNode] = []
    var cables: [Cable] = []
    var servers: [Server] = []
    let kind: String

    public init(kind: String) { self.kind = kind }

    public var nodeCount: Int { pendingNodes.count }
    public var cableCount: Int { cables.count }

    /// Reserves room for a known number of nodes and cables (the shape builders know both in advance).
    public mutating func reserveCapacity(nodes: Int, cables: Int) {
        pendingNodes.reserveCapacity(nodes)
        self.cables.reserveCapacity(cables)
    }

    @discardableResult
    public mutating func addNode(_ role: NodeRole, name: String, pod: Int = -1, rail: Int = -1) -> NodeID {
        pendingNodes.append(PendingNode(role: role, name: name, pod: pod, server: -1, rail: rail))
        return NodeID(pendingNodes.count - 1)
    }

    /// A cable between two nodes: one port on each, with the same rate and delay both ways.
    public mutating func connect(_ a: NodeID, _ b: NodeID, rate: Bandwidth, delay: SimTime) {
        precondition(a != b, "a cable joins two different nodes")
        cables.append(Cable(a: a, b: b, rate: rate, delay: delay))
    }

    /// A server whose NICs are the given hosts; returns its index.
    @discardableResult
    public mutating func addServer(
        nics: [NodeID], gpuNIC: [Int], nvlinkBandwidth: Bandwidth, nvlinkLatency: SimTime
    ) -> Int {
        let index = servers.count
        for nic in nics { pendingNodes[nic.index].server = index }
        servers.append(
            Server(nics: nics, gpuNIC: gpuNIC, nvlinkBandwidth: nvlinkBandwidth, nvlinkLatency: nvlinkLatency))
        return index
    }

    /// Numbers every node's ports contiguously (in the order its cables were added) and pairs each with its peer.
    public func build() throws(Problem) -> Topology {
        var degree = Array(repeating: 0, count: pendingNodes.count)
        for cable in cables {
            degree[cable.a.index] += 1
            degree[cable.b.index] += 1
        }
        for (i, node) in pendingNodes.enumerated() where node.role == .host && degree[i] != 1 {
            throw Problem("host \(node.name) has \(degree[i]) cables; a host (one NIC) needs exactly one")
        }
        var start = Array(repeating: 0, count: pendingNodes.count + 1)
        for i in 0..<pendingNodes.count { start[i + 1] = start[i] + degree[i] }
        var next = start
        let placeholder = Port(node: NodeID(0), peer: PortID(0), rate: Bandwidth(rawValue: 1), delay: .zero)
        var ports = Array(repeating: placeholder, count: start[pendingNodes.count])
        for cable in cables {
            let pa = next[cable.a.index]
            let pb = next[cable.b.index]
            next[cable.a.index] += 1
            next[cable.b.index] += 1
            ports[pa] = Port(node: cable.a, peer: PortID(pb), rate: cable.rate, delay: cable.delay)
            ports[pb] = Port(node: cable.b, peer: PortID(pa), rate: cable.rate, delay: cable.delay)
        }
        let nodes = pendingNodes.enumerated().map { i, node in
            Node(
                role: node.role, name: node.name, ports: start[i]..<start[i + 1], pod: node.pod, server: node.server,
                rail: node.rail)
        }
        return Topology(nodes: nodes, ports: ports, servers: servers, kind: kind)
    }
}
