/// The collective operations, with the sizes and bandwidths nccl-tests reports for them.
///
/// Sizes follow nccl-tests (github.com/NVIDIA/nccl-tests, doc/PERFORMANCE.md): the *size* S of a run is, for
/// all-reduce and broadcast, the buffer each rank holds; for reduce-scatter, the whole input array
/// (recvcount × ranks); for all-gather, the whole output array (sendcount × ranks); for all-to-all, the send
/// buffer of each rank. Algorithm bandwidth is S / t; bus bandwidth scales it by a factor of the rank count n so
/// that it can be compared with the hardware's per-rank bandwidth, whatever n is.
public enum CollectiveKind: String, Sendable, CaseIterable {
    case allReduce = "all-reduce"
    case reduceScatter = "reduce-scatter"
    case allGather = "all-gather"
    case broadcast
    case allToAll = "all-to-all"

    /// busbw / algbw for `ranks` ranks (nccl-tests, doc/PERFORMANCE.md, "Summary"): all-reduce 2(n−1)/n;
    /// reduce-scatter, all-gather and all-to-all (n−1)/n; broadcast 1.
    public func busBandwidthFactor(ranks n: Int) -> Double {
        precondition(n >= 1, "a collective needs at least one rank")
        let n = Double(n)
        switch self {
        case .allReduce: return 2 * (n - 1) / n
        case .reduceScatter, .allGather, .allToAll: return (n - 1) / n
        case .broadcast: return 1
        }
    }

    /// The algorithms this simulator builds for the collective; the first is the default.
    public var algorithms: [CollectiveAlgorithm] {
        switch self {
        case .allReduce: [.ring, .tree, .halvingDoubling, .hierarchical, .pipelinedHierarchical]
        case .reduceScatter, .allGather: [.ring]
        case .broadcast: [.ring]
        case .allToAll: [.direct]
        }
    }

    /// The name nccl-tests' binary carries (`all_reduce_perf`), for tables.
    public var ncclTestsName: String {
        switch self {
        case .allReduce: "all_reduce"
        case .reduceScatter: "reduce_scatter"
        case .allGather: "all_gather"
        case .broadcast: "broadcast"
        case .allToAll: "alltoall"
        }
    }
}

/// How a collective is broken into point-to-point transfers. docs/collectives.md describes each one and its cost.
public enum CollectiveAlgorithm: String, Sendable, CaseIterable {
    /// Ring: reduce-scatter then all-gather around a ring (all-reduce), one of the two (reduce-scatter,
    /// all-gather), or a pipelined chain from the root (broadcast). NCCL-style channels and chunks.
    case ring
    /// Double binary tree all-reduce (Sanders, Speck and Träff 2009; NCCL since 2.4): two binary trees, each
    /// carrying half the data, reduce up and broadcast down, pipelined in chunks.
    case tree
    /// Recursive halving reduce-scatter, then recursive doubling all-gather (Rabenseifner; Thakur, Rabenseifner
    /// and Gropp 2005). Ranks beyond a power of two fold into a partner first.
    case halvingDoubling = "halving-doubling"
    /// Reduce-scatter inside each server over NVLink, all-reduce across servers per rail (GPU i of every server
    /// together), all-gather inside each server: the three phases one after the other.
    case hierarchical
    /// The same three phases pipelined: a ring per rail across servers, fed chunk by chunk by the NVLink
    /// reduce-scatter and drained chunk by chunk by the NVLink all-gather while it runs.
    case pipelinedHierarchical = "hierarchical-pipelined"
    /// Every rank sends its piece to every other rank at once (all-to-all).
    case direct
}

/// One collective to build: what, how, and how big.
public struct CollectiveSpec: Sendable, Equatable {
    public var kind: CollectiveKind
    public var algorithm: CollectiveAlgorithm
    /// The nccl-tests size S of the operation, in bytes (see `CollectiveKind`).
    public var bytes: Int64
    /// Pipelining unit: a ring step, tree level or broadcast hop moves its data in chunks of at most this many
    /// bytes. Default 512 KiB: one step of NCCL's Simple protocol (its 4 MiB buffer, `NCCL_BUFFSIZE`, over
    /// `NCCL_STEPS` = 8 slots).
    public var chunkBytes: Int64
    /// Rings in parallel, each on its own part of the buffer (and, for a flat ring over multi-GPU servers, leaving
    /// each server by a different NIC); nil chooses one per NIC of a server for a flat ring, one per rail ring of
    /// the hierarchical algorithm.
    public var channels: Int?
    /// The algorithm of the inter-server step of `hierarchical`: ring, tree or halving-doubling
    /// (`pipelinedHierarchical`: ring).
    public var interServer: CollectiveAlgorithm
    /// Broadcast: the root, as a rank index.
    public var root: Int

    public static let defaultChunkBytes: Int64 = 512 * 1024

    public init(
        _ kind: CollectiveKind, algorithm: CollectiveAlgorithm? = nil, bytes: Int64,
        chunkBytes: Int64 = defaultChunkBytes,
        channels: Int? = nil, interServer: CollectiveAlgorithm = .ring, root: Int = 0
    ) {
        self.kind = kind
        self.algorithm = algorithm ?? kind.algorithms[0]
        self.bytes = bytes
        self.chunkBytes = chunkBytes
        self.channels = channels
        self.interServer = interServer
        self.root = root
    }

    /// Why this collective cannot be built over `ranks` ranks, or nil.
    public func problem(ranks: Int) -> String? {
        if !kind.algorithms.contains(algorithm) {
            return
                "\(kind.rawValue) is built with \(kind.algorithms.map(\.rawValue).joined(separator: " or ")), not \(algorithm.rawValue)"
        }
        if algorithm == .hierarchical, ![.ring, .tree, .halvingDoubling].contains(interServer) {
            return
                "the inter-server step of hierarchical all-reduce is ring, tree or halving-doubling, not \(interServer.rawValue)"
        }
        if algorithm == .pipelinedHierarchical, interServer != .ring {
            return
                "the inter-server step of hierarchical-pipelined all-reduce is a ring, not \(interServer.rawValue) (hierarchical runs a tree or halving-doubling across servers)"
        }
        if ranks < 2 { return "a collective needs at least 2 ranks, found \(ranks)" }
        if bytes < 0 { return "a size cannot be negative" }
        if chunkBytes < 1 { return "chunks need at least 1 byte" }
        if let channels, channels < 1 || channels > 64 { return "channels run from 1 to 64, found \(channels)" }
        if kind == .broadcast, root < 0 || root >= ranks {
            return "the root must be a rank from 0 to \(ranks - 1), found \(root)"
        }
        return nil
    }
}
