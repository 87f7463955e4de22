import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport

/// Under PFC every ingress port of a switch reserves headroom for every class (PacketNetwork+PFC.swift), and the
/// dynamic XOFF threshold is alpha × what the buffer has left beyond that reserve. A switch with many fast ports
/// and a modest buffer can reserve all of it: XOFF is then zero, every packet pauses its sender, and XON stays
/// below zero, so no pause is ever lifted and the run goes on pausing until a stop condition ends it (the
/// quickstart's 32 MB leaves with 75 spines or more). Such a fabric is refused when it is read, naming the switch
/// and the buffer it would need.
enum LosslessBufferCheck {
    /// The problem with the most constrained switch, or nil when every switch can pause and resume.
    static func problem(_ topology: Topology, config: NetworkConfig, classes: Int) -> String? {
        guard config.flowControl == .pfc else { return nil }
        let reserved = PacketNetwork.reservedHeadroom(topology, config: config, classes: classes)
        let packet = Int64(config.mtu + config.headerBytes)
        // What the shared part must reach at the least: a packet admitted, and room below XOFF for XON.
        let minimumShared: Int64 =
            switch config.pfc.xoff {
            case .dynamic(let alpha): Int64((Double(config.pfc.resumeOffset.bytes + packet) / alpha).rounded(.up))
            case .fixed: packet
            }
        let buffer = config.switchBuffer.bytes
        guard
            let worst = topology.nodes.indices.filter({ topology.nodes[$0].role != .host }).max(by: {
                reserved[$0] < reserved[$1]
            }),
            buffer - reserved[worst] < minimumShared
        else { return nil }
        let node = topology.nodes[worst]
        let wanted = ByteCount(reserved[worst] + max(minimumShared, reserved[worst] / 4))
        return "found \(config.switchBuffer) under PFC, but \(node.name)'s \(node.ports.count) ports reserve "
            + "\(ByteCount(reserved[worst])) of headroom (\(classes) classes each), leaving \(ByteCount(max(0, buffer - reserved[worst]))) "
            + "to share where at least \(ByteCount(minimumShared)) is needed for a port to pause and resume; "
            + "expected a switch_buffer of at least \(ByteCount(reserved[worst] + minimumShared)) (e.g. \(wanted)), fewer or slower ports, "
            + "or another flow_control"
    }
}
