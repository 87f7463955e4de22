import FabricKernel
import FabricTopology
import FabricTransport

/// The α–β cost of one message on an idle path: a message of m payload bytes completes α + m·β after it
/// starts (Hockney's model, as used by Thakur, Rabenseifner and Gropp 2005). Seconds and seconds per byte.
public struct AlphaBeta: Sendable, Equatable {
    /// Fixed cost per message: here, the first packet's latency to the receiver beyond its own serialisation,
    /// plus the acknowledgement's way back (a transfer counts as done when its last byte is acknowledged).
    public var alpha: Double
    /// Seconds per payload byte: the wire bytes per payload byte (framing) over the slowest link's rate.
    public var beta: Double

    public init(alpha: Double, beta: Double) {
        self.alpha = alpha
        self.beta = beta
    }

    /// Time of one message of `bytes`, framing counted packet by packet.
    public func message(_ bytes: Double) -> Double { alpha + bytes * beta }

    /// A message between two hosts of `network` on its first equal-cost path, as the packet model moves it on
    /// an idle fabric: α = (first full packet's latency − its serialisation at the slowest rate) + the
    /// acknowledgement's latency; β = (mtu + header) ÷ mtu ÷ slowest rate.
    ///
    /// With `duplex` (the default), β also counts one acknowledgement per packet: in a collective every NIC
    /// receives about as much as it sends, and the acknowledgements of what it receives leave through the same
    /// cable as what it sends (0.7 % of an InfiniBand NIC's bandwidth at 4 KiB packets, 2 % on RoCEv2).
    public static func network(_ network: some Transport, from source: Int, to destination: Int, duplex: Bool = true)
        -> AlphaBeta?
    {
        let config = network.config
        let packet = ByteCount(Int64(config.mtu + config.headerBytes))
        guard let data = network.onePacketLatency(from: source, to: destination, wire: packet),
            let ack = network.onePacketLatency(from: destination, to: source, wire: ByteCount(Int64(config.ackBytes)))
        else { return nil }
        let serialisation = data.slowest.serializationTime(of: packet)
        let alpha = (data.latency - serialisation + ack.latency).seconds
        let wirePerPacket = config.mtu + config.headerBytes + (duplex ? config.ackBytes : 0)
        let beta = Double(wirePerPacket) / Double(config.mtu) * 8 / Double(data.slowest.bitsPerSecond)
        return AlphaBeta(alpha: alpha, beta: beta)
    }

    /// An NVLink transfer inside `server`: its latency, and its per-GPU bandwidth.
    public static func nvlink(_ server: Server) -> AlphaBeta {
        AlphaBeta(alpha: server.nvlinkLatency.seconds, beta: 8 / Double(server.nvlinkBandwidth.bitsPerSecond))
    }
}

/// Closed-form times of the schedules `ScheduleBuilder` makes, on an idle non-blocking fabric where every
/// message of a step travels at the α–β cost of `AlphaBeta`. n is the nccl-tests size in bytes, p the ranks,
/// s the chunk size. Derivations: docs/collectives.md.
public enum CollectiveCostModel {
    /// Chunks per segment and the time of one chunk message's bytes, for a ring segment of `segment` bytes.
    static func chunking(_ segment: Double, chunk: Double) -> (count: Double, bytes: Double) {
        let count = max(1, (segment / chunk).rounded(.up))
        return (count, segment / count)
    }

    /// Ring all-reduce: 2(p − 1) steps. Unpipelined (one chunk per step): 2(p − 1)(α + (n/p)β), the classic
    /// cost (Patarasuk and Yuan 2009; Thakur et al. 2005 give the same for the ring all-gather's half). With C
    /// chunks per step, a step takes max(C·s·β, α + s·β) and the last chunk completes α + s·β after the last
    /// step begins: T = (2(p − 1) − 1)·max(C·sβ, α + sβ) + C·sβ + α, which tends to 2(p − 1)/p·nβ + α.
    public static func ringAllReduce(ranks p: Int, bytes n: Double, chunk: Double, cost: AlphaBeta, channels: Int = 1)
        -> Double
    {
        ringSteps(2 * (p - 1), segment: n / Double(channels) / Double(p), chunk: chunk, cost: cost)
    }

    /// Ring reduce-scatter or all-gather: the same over p − 1 steps; unpipelined (p − 1)(α + (n/p)β).
    public static func ringHalf(ranks p: Int, bytes n: Double, chunk: Double, cost: AlphaBeta, channels: Int = 1)
        -> Double
    {
        ringSteps(p - 1, segment: n / Double(channels) / Double(p), chunk: chunk, cost: cost)
    }

    static func ringSteps(_ steps: Int, segment: Double, chunk: Double, cost: AlphaBeta) -> Double {
        let (count, bytes) = chunking(segment, chunk: chunk)
        let chunkTime = bytes * cost.beta
        let step = max(count * chunkTime, cost.alpha + chunkTime)
        return Double(steps - 1) * step + count * chunkTime + cost.alpha
    }

    /// Pipelined chain broadcast: each chunk is forwarded as soon as it is acknowledged, so
    /// T = (p − 1)·α + (p − 2 + C)·sβ with C = ⌈n/s⌉ chunks.
    public static func chainBroadcast(ranks p: Int, bytes n: Double, chunk: Double, cost: AlphaBeta) -> Double {
        let (count, bytes) = chunking(n, chunk: chunk)
        return Double(p - 1) * cost.alpha + (Double(p - 2) + count) * bytes * cost.beta
    }

    /// Recursive halving-doubling: log₂p' exchange steps each way, the k-th of (n/2^(k+1)) bytes, both
    /// directions at once: 2·log₂p'·α + 2·(p' − 1)/p'·nβ (Thakur et al. 2005, Rabenseifner's algorithm), plus
    /// 2(α + nβ) for folding in and back the r = p − p' ranks beyond the power of two p'.
    public static func halvingDoubling(ranks p: Int, bytes n: Double, cost: AlphaBeta) -> Double {
        var p2 = 1
        while p2 * 2 <= p { p2 *= 2 }
        let levels = Double(p2.trailingZeroBitCount)
        var t = 2 * levels * cost.alpha + 2 * Double(p2 - 1) / Double(p2) * n * cost.beta
        if p2 < p { t += 2 * cost.message(n) }
        return t
    }

    /// Double binary tree (the two-tree schedule of `TwoTreePlan`): C = ⌈(n/2)/s⌉ chunks per tree (s as
    /// `TwoTreePlan.chunkBytes` sets it for the size), reduced and then broadcast. No two messages share a
    /// cable, so each leaves its NIC in sβ and completes α later; the time is
    /// the longest path through the plan's dependencies (`TwoTreePlan.time`): data waits for completion (α + sβ),
    /// a rank's next message for the previous one's sβ. About 4C rounds of sβ and 4·log₂p of α + sβ: it tends to
    /// 2nβ.
    public static func doubleBinaryTree(ranks p: Int, bytes n: Double, chunk: Double, cost: AlphaBeta) -> Double {
        let plan = TwoTreePlan(count: p)
        let half = (n / 2).rounded(.up)
        let chunk = Double(plan.chunkBytes(perTree: Int64(half), requested: Int64(chunk)))
        let (count, bytes) = chunking(half, chunk: chunk)
        return plan.time(chunks: [Int(count), Int(count)], alpha: cost.alpha, serialisation: bytes * cost.beta)
    }

    /// All-to-all by direct sends on a non-blocking fabric: every NIC sends (p − 1)/p·n, interleaved:
    /// α + (p − 1)/p·nβ.
    public static func allToAll(ranks p: Int, bytes n: Double, cost: AlphaBeta) -> Double {
        cost.alpha + Double(p - 1) / Double(p) * n * cost.beta
    }

    /// Hierarchical all-reduce over S servers of G GPUs: a ring reduce-scatter of n over NVLink, the inter-server
    /// all-reduce of n/G per rail, a ring all-gather of n over NVLink.
    public static func hierarchical(
        servers s: Int, gpusPerServer g: Int, bytes n: Double, chunk: Double, network: AlphaBeta, nvlink: AlphaBeta,
        interServer: CollectiveAlgorithm = .ring
    ) -> Double {
        let inside = g > 1 ? 2 * ringHalf(ranks: g, bytes: n, chunk: chunk, cost: nvlink) : 0
        guard s > 1 else { return inside }
        let part = n / Double(g)
        let across: Double =
            switch interServer {
            case .tree: doubleBinaryTree(ranks: s, bytes: part, chunk: chunk, cost: network)
            case .halvingDoubling: halvingDoubling(ranks: s, bytes: part, cost: network)
            default: ringAllReduce(ranks: s, bytes: part, chunk: chunk, cost: network)
            }
        return inside + across
    }

    /// Pipelined hierarchical all-reduce over S servers of G GPUs (`ScheduleBuilder.pipelinedHierarchicalAllReduce`):
    /// the ring all-reduce of n/G per rail, as `ringAllReduce` has it, started once the first slice is reduced over
    /// NVLink and followed by the all-gather of the last slice. A slice is Q of the ring's chunks of
    /// m = n/(G·S·C) bytes (`ScheduleBuilder.slicing`), reduced and gathered by NVLink rings of G GPUs in blocks
    /// of W = 2 slices (1 if there is only one): its first chunk is reduced — and the last slice gathered —
    /// (G − 2)·max(W·σ, α + σ) + σ + α after it starts, σ = Q·m·β and α, β NVLink's, as a ring's first chunk is
    /// through G − 1 steps of W chunks (`ringSteps`). So
    ///
    ///     T = 2·((G − 2)·max(W·σ, α + σ) + σ + α) + ringAllReduce(S, n/G)  →  2(S − 1)/S · (n/G)·β
    ///
    /// That holds while NVLink keeps ahead of the ring — the G − 1 messages of a slice take no longer over NVLink
    /// than its Q chunks over the NIC, (G − 1)·β_NVLink ≤ β at large sizes — so that every ring message finds its
    /// chunk reduced, and every slice's all-gather has finished before the next is due. With few servers the
    /// reduce-scatter and the all-gather overlap over NVLink for most of the ring (they share steps S − 2 and
    /// S − 1 of its 2(S − 1)) and NVLink sets the pace: each GPU sends its 2(G − 1) messages of σ for each of the
    /// S·C/Q slices back to back, and T = 2·(S·C/Q)·(G − 1)·σ + α (with 8 GPUs on 450 GB/s NVLink and 400 Gb/s
    /// NICs: 2 and 3 servers at large sizes). The model is the larger of the two. With one server it is the
    /// sequential hierarchical algorithm; with one GPU per server, the ring.
    public static func pipelinedHierarchical(
        servers s: Int, gpusPerServer g: Int, bytes n: Double, chunk: Double, network: AlphaBeta, nvlink: AlphaBeta
    ) -> Double {
        if s <= 1 {
            return hierarchical(
                servers: s, gpusPerServer: g, bytes: n, chunk: chunk, network: network, nvlink: nvlink)
        }
        let part = n / Double(g)
        let ring = ringAllReduce(ranks: s, bytes: part, chunk: chunk, cost: network)
        guard g > 1 else { return ring }
        // The builder's largest segment, in whole bytes: ⌈⌈n/G⌉/S⌉.
        let whole = Int64(n.rounded())
        let largestPart = (whole + Int64(g) - 1) / Int64(g)
        let largestSegment = (largestPart + Int64(s) - 1) / Int64(s)
        let plan = ScheduleBuilder.slicing(largestSegment: largestSegment, servers: s, chunkBytes: Int64(chunk))
        let sigma = part / Double(s) / Double(plan.chunks) * Double(plan.chunksPerSlice) * nvlink.beta
        let w: Double = s * plan.chunks > plan.chunksPerSlice ? 2 : 1
        let slice = Double(g - 2) * max(w * sigma, nvlink.alpha + sigma) + sigma + nvlink.alpha
        // NVLink-bound: every GPU sends 2(G − 1) messages of σ a slice, back to back, the last one α late.
        let slices = Double(s * plan.chunks / plan.chunksPerSlice)
        return max(2 * slice + ring, 2 * slices * Double(g - 1) * sigma + nvlink.alpha)
    }

    /// The model's time for `spec` over p ranks on single-GPU servers (hierarchical: S servers of G), or nil
    /// when it has none.
    public static func time(
        _ spec: CollectiveSpec, ranks p: Int, network: AlphaBeta, nvlink: AlphaBeta? = nil,
        servers: Int? = nil, channels: Int = 1
    ) -> Double? {
        let n = Double(spec.bytes)
        let s = Double(spec.chunkBytes)
        switch (spec.kind, spec.algorithm) {
        case (.allReduce, .ring): return ringAllReduce(ranks: p, bytes: n, chunk: s, cost: network, channels: channels)
        case (.allReduce, .tree): return doubleBinaryTree(ranks: p, bytes: n, chunk: s, cost: network)
        case (.allReduce, .halvingDoubling): return halvingDoubling(ranks: p, bytes: n, cost: network)
        case (.allReduce, .hierarchical):
            guard let nvlink, let servers, servers > 0, p % servers == 0 else { return nil }
            return hierarchical(
                servers: servers, gpusPerServer: p / servers, bytes: n, chunk: s, network: network,
                nvlink: nvlink, interServer: spec.interServer)
        case (.allReduce, .pipelinedHierarchical):
            guard let nvlink, let servers, servers > 0, p % servers == 0 else { return nil }
            return pipelinedHierarchical(
                servers: servers, gpusPerServer: p / servers, bytes: n, chunk: s, network: network, nvlink: nvlink)
        case (.reduceScatter, _), (.allGather, _):
            return ringHalf(ranks: p, bytes: n, chunk: s, cost: network, channels: channels)
        case (.broadcast, _): return chainBroadcast(ranks: p, bytes: n / Double(channels), chunk: s, cost: network)
        case (.allToAll, _): return allToAll(ranks: p, bytes: n, cost: network)
        default: return nil
        }
    }
}
