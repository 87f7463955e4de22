import FabricKernel
import FabricTopology
import FabricTransport

/// What a collective runs on: the network between servers (packet- or flow-level), the NVLink domains inside
/// them, and where each GPU sits.
public struct CollectiveFabric<Network: Transport>: Sendable {
    public var network: Network
    public var nvlink: NVLinkDomain
    public let layout: GPULayout

    public init(network: Network, layout: GPULayout? = nil) {
        self.network = network
        nvlink = NVLinkDomain(topology: network.topology)
        self.layout = layout ?? GPULayout(topology: network.topology)
    }
}
