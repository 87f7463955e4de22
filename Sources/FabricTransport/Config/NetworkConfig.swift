import FabricKernel

/// Everything about the packet network that is not the topology: framing, switches, flow control, load
/// balancing and the transport. Defaults and their sources: docs/network-model.md.
public struct NetworkConfig: Sendable, Equatable {
    /// How a link keeps from overflowing the buffer at its far end.
    public enum FlowControl: String, Sendable, CaseIterable {
        /// None: a full buffer drops (tail drop); go-back-N recovers.
        case none
        /// InfiniBand credit-based link-level flow control: a port sends only against buffer space the receiver
        /// advertised. Never drops.
        case credits
        /// Ethernet priority-based flow control (802.1Qbb): a congested ingress pauses its upstream port.
        case pfc
    }

    public enum Switching: String, Sendable, CaseIterable {
        /// A packet is forwarded once it has been received whole.
        case storeAndForward = "store-and-forward"
        /// A packet is forwarded as soon as its header has arrived.
        case cutThrough = "cut-through"
    }

    public enum LoadBalancing: String, Sendable, CaseIterable {
        /// One path per flow, from a hash of the flow's identity with a per-switch salt.
        case ecmp
        /// Each packet takes the next equal-cost port in turn.
        case spray
        /// Each packet takes the least-occupied equal-cost port (ties broken by the flow hash).
        case adaptive
        /// Each packet of a flow carries the next of the flow's `sprayEntropies` entropy values in turn, and the
        /// switches hash it as ECMP hashes a flow's: Ultra Ethernet's packet spraying, decided at the sender.
        case entropySpray = "entropy-spray"
    }

    /// How a receiver treats packets that arrive out of order: the packet model's receivers
    /// (FabricNetwork/Endpoint/Receivers.swift), one case each.
    public enum Receiver: String, Sendable, CaseIterable {
        /// Strict go-back-N: an out-of-order packet is discarded and NACKed once.
        case goBackN = "go-back-n"
        /// Out-of-order placement, as NICs that tolerate reordering do: every packet is kept and acknowledged;
        /// the sender recovers a loss by its timeout.
        case selective
    }

    /// Payload bytes per packet (the RDMA path MTU).
    public var mtu: Int
    /// Bytes each data packet adds on the wire beyond its payload (headers, trailers, and for Ethernet the
    /// preamble and inter-frame gap).
    public var headerBytes: Int
    /// Bytes an acknowledgement occupies on the wire.
    public var ackBytes: Int
    /// Bytes of a packet the switch must receive before it can forward it under cut-through.
    public var cutThroughHeaderBytes: Int
    public var switching: Switching
    /// Time from a packet's arrival at a switch to its eligibility at an egress queue.
    public var switchLatency: SimTime
    public var flowControl: FlowControl
    /// Shared packet buffer of each switch (Ethernet): the dynamic threshold divides it among egress queues.
    public var switchBuffer: ByteCount
    /// Dynamic-threshold alpha (Choudhury and Hahne 1998): a queue may grow to alpha × the free buffer.
    public var bufferAlpha: Double
    /// InfiniBand: buffer per input port (and virtual lane) that the receiver advertises as credits.
    public var creditBuffer: ByteCount
    /// Size of one credit, in bytes: InfiniBand counts buffer in 64-byte blocks.
    public var creditBlock: Int
    public var loadBalancing: LoadBalancing
    /// Retransmission timeout of the transport: go back to the first unacknowledged packet when nothing has
    /// been acknowledged for this long.
    public var retransmitTimeout: SimTime
    /// How receivers treat packets out of order.
    public var receiver: Receiver
    /// PFC thresholds, used when `flowControl` is `.pfc`.
    public var pfc: PFCConfig = .standard
    /// ECN marking at switch egress for data classes, or nil for none.
    public var ecn: ECNConfig?
    /// The congestion controller at the NICs (none: senders at line rate).
    public var congestionControl: CongestionControlConfig = .none
    /// Queue pairs per connection and receiver admission, as the collective library uses the transport.
    public var connections: ConnectionConfig = .standard
    /// Entropy values each flow sprays its packets over, in turn, under `loadBalancing == .entropySpray` (256, as
    /// UEC's htsim model of UET sprays by default). docs/network-model.md, "Load balancing".
    public var sprayEntropies = 256
    /// Receiver credits: each receiver grants its senders credit for new data within a budget of about a BDP, so
    /// an incast keeps about a BDP in flight toward it; nil for none. docs/network-model.md, "Receiver credits".
    public var receiverCredits: ReceiverCreditConfig?
    /// Packet trimming (lossy Ethernet only, `flowControl == .none`): a data packet a switch would drop for want of
    /// buffer is cut to its first `trimmedBytes` and forwarded ahead of data, so that its receiver can NACK it and
    /// its sender resend it at once (NDP, Handley et al., SIGCOMM 2017; Ultra Ethernet 1.0). docs/network-model.md,
    /// "Packet trimming".
    public var trimming = false
    /// Bytes a trimmed packet keeps on the wire: its headers (64, the size UEC's htsim model trims to).
    public var trimmedBytes = 64

    public init(
        mtu: Int, headerBytes: Int, ackBytes: Int, cutThroughHeaderBytes: Int, switching: Switching,
        switchLatency: SimTime, flowControl: FlowControl, switchBuffer: ByteCount, bufferAlpha: Double,
        creditBuffer: ByteCount, creditBlock: Int, loadBalancing: LoadBalancing, retransmitTimeout: SimTime,
        receiver: Receiver
    ) {
        self.mtu = mtu
        self.headerBytes = headerBytes
        self.ackBytes = ackBytes
        self.cutThroughHeaderBytes = cutThroughHeaderBytes
        self.switching = switching
        self.switchLatency = switchLatency
        self.flowControl = flowControl
        self.switchBuffer = switchBuffer
        self.bufferAlpha = bufferAlpha
        self.creditBuffer = creditBuffer
        self.creditBlock = creditBlock
        self.loadBalancing = loadBalancing
        self.retransmitTimeout = retransmitTimeout
        self.receiver = receiver
    }

    /// RoCEv2 over Ethernet, as deployed for RDMA: lossless through PFC, ECN marking at the switches, DCQCN at the
    /// NICs (the DCQCN set for the link's rate, `DCQCNConfig.perLinkRate`, with ECN thresholds per port rate).
    /// Per data packet on the wire: Ethernet header 14 + IPv4 20 + UDP 8 + InfiniBand BTH 12 + ICRC 4 +
    /// FCS 4 = 62 bytes of headers, plus 8 bytes of preamble and 12 of inter-frame gap = 82. An ACK (BTH + AETH 4)
    /// is padded to the 64-byte Ethernet minimum: 84 on the wire. Store-and-forward, 600 ns pipeline latency,
    /// 32 MB shared buffer with alpha 1/2. Sources of every value: docs/network-model.md.
    public static let roce: NetworkConfig = {
        var config = NetworkConfig(
            mtu: 4096, headerBytes: 82, ackBytes: 84, cutThroughHeaderBytes: 64, switching: .storeAndForward,
            switchLatency: .nanoseconds(600), flowControl: .pfc, switchBuffer: ByteCount(32_000_000), bufferAlpha: 0.5,
            creditBuffer: ByteCount(131_072), creditBlock: 64, loadBalancing: .ecmp,
            retransmitTimeout: .milliseconds(1), receiver: .goBackN)
        config.ecn = .perLinkRate
        config.congestionControl = .dcqcn(.perLinkRate)
        return config
    }()

    /// Ethernet with none of the lossless machinery: tail drop, no ECN, senders at line rate.
    public static var lossyEthernet: NetworkConfig {
        var config = roce
        config.flowControl = .none
        config.ecn = nil
        config.congestionControl = .none
        return config
    }

    /// InfiniBand. Per data packet: LRH 8 + BTH 12 + ICRC 4 + VCRC 2 = 26 bytes; an ACK adds AETH 4: 30 bytes.
    /// Cut-through, 130 ns port-to-port latency (NVIDIA Quantum-2 class), credit-based flow control with
    /// 64-byte credits, adaptive routing, and NICs that accept packets out of order.
    public static let infiniband = NetworkConfig(
        mtu: 4096, headerBytes: 26, ackBytes: 30, cutThroughHeaderBytes: 64, switching: .cutThrough,
        switchLatency: .nanoseconds(130), flowControl: .credits, switchBuffer: ByteCount(32_000_000), bufferAlpha: 0.5,
        creditBuffer: ByteCount(131_072), creditBlock: 64, loadBalancing: .adaptive,
        retransmitTimeout: .milliseconds(1), receiver: .selective)

    /// Wire bytes of a data packet carrying `payload` bytes.
    public func wireBytes(payload: Int) -> Int { payload + headerBytes }

    /// The fraction of line rate that is payload for full-size packets.
    public var payloadEfficiency: Double { Double(mtu) / Double(mtu + headerBytes) }
}
