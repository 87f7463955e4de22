import FabricKernel
import FabricTransport

/// Swift (Kumar et al., SIGCOMM 2020; `SwiftCongestionConfig`): a window driven by delay. Every acknowledgement
/// carries its round trip (the data packet's send stamp, echoed: `Packet.roundTrip`). Below the target delay the
/// window grows by `additiveIncrease`/window per packet acknowledged (one packet per round trip), or by
/// `additiveIncrease` per packet when it is below one packet; above it, at most once per round trip, it shrinks
/// by β × (delay − target)/delay, never by more than `maximumDecrease`. Below one packet the NIC sends one
/// packet at a time, paced at a window's worth per round trip.
///
/// A flow starts with the window of its line rate over the base target (it sends at line rate, as RDMA NICs
/// do); its first acknowledgement sets the round trip. Loss recovery is the transport's (go-back-N or the
/// timeout): Swift's own reaction to a retransmission is not modelled, since its profiles run lossless or with
/// trimming (docs/network-model.md, "Swift").
struct SwiftCongestionControl: CongestionControl {
    struct FlowState: Sendable {
        /// Window, in packets; 0 until the flow's first packet sets it from its line rate.
        var window: Double = 0
        /// Smoothed round trip (1/8 gain, as TCP's), and when the window last shrank.
        var roundTrip: SimTime = .zero
        var lastDecrease: SimTime?
        /// Packets acknowledged so far (the cumulative ACK's sequence).
        var acknowledged: UInt32 = 0
    }

    /// Behind a reference, as DCQCN's: the list moves the controller's stored properties on every hook.
    private final class Parameters: Sendable {
        let config: SwiftCongestionConfig
        let packetBytes: Int64
        let mtu: Int64
        init(_ config: SwiftCongestionConfig, network: NetworkConfig) {
            self.config = config
            packetBytes = Int64(network.wireBytes(payload: network.mtu))
            mtu = Int64(network.mtu)
        }
    }

    private let parameters: Parameters
    private var config: SwiftCongestionConfig { parameters.config }
    /// By slot.
    private var flows: [FlowState] = []

    init(_ config: SwiftCongestionConfig, network: NetworkConfig) {
        parameters = Parameters(config, network: network)
    }

    mutating func flowStarted(_ flow: inout StartedFlow) {
        let slot = flow.slot
        if slot == flows.count { flows.append(FlowState()) } else { flows[slot] = FlowState() }
    }

    /// The first packet sets the starting window: the line rate over the base target.
    mutating func dataSent(_ flow: inout ControlledFlow, bytes: Int, _ scheduler: inout Scheduler) {
        guard flows[flow.slot].window == 0 else { return }
        let bdp = Double(flow.lineRate.bitsPerSecond) / 8 * config.baseTarget.seconds
        flows[flow.slot].window = min(max(bdp / Double(parameters.packetBytes), 1), config.maximumWindow)
        apply(flows[flow.slot], to: &flow)
    }

    mutating func acknowledged(_ ack: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {
        var s = flows[flow.slot]
        guard s.window > 0, ack.sequence > s.acknowledged else { return }
        let newlyAcknowledged = Double(ack.sequence - s.acknowledged)
        s.acknowledged = ack.sequence
        let delay = ack.roundTrip(now: flow.now)
        s.roundTrip = s.roundTrip == .zero ? delay : SimTime(rawValue: (7 * s.roundTrip.rawValue + delay.rawValue) / 8)
        // The ACK crossed as many switches as its data packet did, the other way.
        let target = config.target(window: s.window, switches: Int(ack.hops) - 1)
        if delay < target {
            s.window +=
                s.window >= 1
                ? config.additiveIncrease / s.window * newlyAcknowledged
                : config.additiveIncrease * newlyAcknowledged
        } else if s.lastDecrease.map({ flow.now - $0 >= s.roundTrip }) ?? true {
            let excess = (delay - target).seconds / delay.seconds
            s.window *= max(1 - config.beta * excess, 1 - config.maximumDecrease)
            s.lastDecrease = flow.now
        }
        s.window = min(max(s.window, config.minimumWindow), config.maximumWindow)
        flows[flow.slot] = s
        apply(s, to: &flow)
    }

    /// The NIC's window and pacing for `s`: the window in bytes; below one packet, one packet in flight, paced
    /// at a window's worth of wire bytes per round trip.
    private func apply(_ s: FlowState, to flow: inout ControlledFlow) {
        if s.window >= 1 || s.roundTrip == .zero {
            flow.window = ByteCount(Int64(max(s.window, 1) * Double(parameters.mtu)))
            flow.pacingRate = nil
        } else {
            flow.window = ByteCount(parameters.mtu)
            let bitsPerSecond = s.window * Double(parameters.packetBytes) * 8 / s.roundTrip.seconds
            flow.pacingRate = Bandwidth(rawValue: max(Int64(bitsPerSecond), 1))
        }
    }
}
