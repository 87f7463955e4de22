import FabricKernel
import FabricNetwork
import FabricTopology

/// What a collective runs on: the network between servers (packet- or flow-level), the NVLink domains inside
/// them, and where each GPU sits.
public struct CollectiveFabric<Network: Transport>: Sendable {
    public var network: Network
    public var nvlink: NVLinkDomain
    public let layout: GPULayout
    /// Per host: the rate of its cable to the fabric, for the time a message takes to leave the NIC.
    let uplinkRate: [Bandwidth]

    public init(network: Network, layout: GPULayout? = nil) {
        self.network = network
        nvlink = NVLinkDomain(topology: network.topology)
        self.layout = layout ?? GPULayout(topology: network.topology)
        uplinkRate = (0..<network.topology.hosts.count).map { network.topology.port(network.topology.uplink(ofHost: $0)).rate }
    }

    /// The time a message of `bytes` payload takes to leave `host`'s NIC at line rate, framing included.
    func injectionTime(bytes: Int64, host: Int) -> SimTime {
        let mtu = Int64(network.config.mtu)
        let packets = max(1, (bytes + mtu - 1) / mtu)
        return uplinkRate[host].serializationTime(of: ByteCount(bytes + packets * Int64(network.config.headerBytes)))
    }
}
