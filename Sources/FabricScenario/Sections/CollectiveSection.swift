import FabricCollectives
import FabricKernel

extension CollectiveKind: ScenarioChoice {}
extension CollectiveAlgorithm: ScenarioChoice {}

/// A collective run alone over a range of sizes (`collective:` beside `topology:`): a simulated nccl-tests.
public struct CollectiveScenario: Sendable {
    public var network: NetworkScenario
    /// The collective; `bytes` is replaced by each of `sizes`.
    public var spec: CollectiveSpec
    public var sizes: [Int64]
    /// The first this many GPUs take part; nil for all.
    public var ranks: Int?
}

/// `collective:` — which collective, how it is built, and the sizes to run it at.
enum CollectiveSection {
    static let operation = ScenarioKey<CollectiveKind>(
        "operation", default: .allReduce,
        meaning:
            "The collective. Sizes are nccl-tests': all-reduce and broadcast, each rank's buffer; reduce-scatter, the whole input; all-gather, the whole output; all-to-all, each rank's send buffer."
    )
    static let algorithm = ScenarioKey<CollectiveAlgorithm>(
        "algorithm", defaultText: "ring (all-to-all: direct)",
        meaning:
            "all-reduce: ring, tree (double binary tree), halving-doubling, hierarchical (NVLink inside servers, one ring per rail across, one phase after the other), hierarchical-pipelined (the same phases overlapping chunk by chunk); reduce-scatter, all-gather, broadcast: ring; all-to-all: direct."
    )
    static let interServer = ScenarioKey<CollectiveAlgorithm>(
        "inter_server", default: .ring,
        meaning:
            "hierarchical: the algorithm across servers, per rail: ring, tree or halving-doubling (hierarchical-pipelined: ring)."
    )
    static let minBytes = ScenarioKey<ByteCount>(
        "min_bytes", default: ByteCount(1 << 20), range: ByteCount(0)...ByteCount(16 << 30),
        meaning: "The smallest size (nccl-tests -b).")
    static let maxBytes = ScenarioKey<ByteCount>(
        "max_bytes", defaultText: "min_bytes", range: ByteCount(0)...ByteCount(16 << 30),
        limitReason: "nccl-tests' own runs stop at a few GiB; each size is a full packet-level run",
        meaning: "The largest size (nccl-tests -e).")
    static let factor = ScenarioKey<Int64>(
        "factor", default: 2, range: 2...1024, meaning: "Each size is this many times the one before (nccl-tests -f).")
    static let chunkBytes = ScenarioKey<ByteCount>(
        "chunk_bytes", default: ByteCount(CollectiveSpec.defaultChunkBytes),
        range: ByteCount(1024)...ByteCount(1 << 32),
        meaning:
            "Pipelining unit: a ring step, tree level or broadcast hop moves its data in messages of at most this size (NCCL's Simple protocol: 4 MiB buffer over 8 steps); the tree halves it for small messages, as NCCL's does."
    )
    static let channels = ScenarioKey<Int64>(
        "channels",
        defaultText: "one per NIC of a server (hierarchical: 1 per rail; hierarchical-pipelined runs 1 per rail)",
        range: 1...64,
        meaning:
            "Rings in parallel, each on its own part of the buffer; a flat ring's channel h leaves each server by a different NIC."
    )
    static let root = ScenarioKey<Int64>(
        "root", default: 0, range: 0...1_000_000, meaning: "broadcast: the rank that sends.")
    static let ranks = ScenarioKey<Int64>(
        "ranks", defaultText: "every GPU", range: 2...1_000_000,
        meaning: "The first this many GPUs of the topology take part.")

    static let documentation = SectionDocumentation(
        path: "collective",
        summary:
            "One collective, run alone on an idle fabric at each size from min_bytes to max_bytes: time, algorithm and bus bandwidth as nccl-tests reports them. Beside a topology section; traffic is then optional.",
        keys: [
            operation.documentation, algorithm.documentation, interServer.documentation, minBytes.documentation,
            maxBytes.documentation, factor.documentation, chunkBytes.documentation, channels.documentation,
            root.documentation, ranks.documentation,
        ])

    static func read(_ reader: inout SectionReader, network: NetworkScenario?) -> CollectiveScenario? {
        let kind = reader.read(operation)
        let algorithm = reader.readOptional(Self.algorithm)
        let interServer = reader.read(Self.interServer)
        let minBytes = reader.read(Self.minBytes)
        let maxBytes = reader.readOptional(Self.maxBytes)
        let factor = reader.read(Self.factor)
        let chunk = reader.read(chunkBytes)
        let channels = reader.readOptional(Self.channels)
        let root = reader.read(Self.root)
        let ranks = reader.readOptional(Self.ranks)
        guard let kind, algorithm != .some(nil), let interServer, let minBytes, maxBytes != .some(nil), let factor,
            let chunk,
            channels != .some(nil), let root, ranks != .some(nil)
        else { return nil }
        let largest = maxBytes.flatMap { $0 } ?? minBytes
        guard largest >= minBytes else {
            reader.reject(
                Self.maxBytes.name, "found \(largest), below min_bytes \(minBytes); expected at least min_bytes")
            return nil
        }
        let sizes = NCCLTestsTable.sizes(from: minBytes.bytes, to: largest.bytes, factor: factor)
        let spec = CollectiveSpec(
            kind, algorithm: algorithm.flatMap { $0 }, bytes: 0, chunkBytes: chunk.bytes,
            channels: channels.flatMap { $0 }.map(Int.init), interServer: interServer, root: Int(root))
        guard let network else { return nil }
        let gpus = network.topology.gpuCount
        let count = ranks.flatMap { $0 }.map(Int.init) ?? gpus
        if count > gpus {
            reader.reject(Self.ranks.name, "found \(count); the topology has \(gpus) GPUs")
            return nil
        }
        if let problem = spec.problem(ranks: count) ?? spec.problem(ranks: count, topology: network.topology) {
            reader.reject(algorithm.flatMap { $0 } != nil ? Self.algorithm.name : Self.operation.name, problem)
            return nil
        }
        return CollectiveScenario(network: network, spec: spec, sizes: sizes, ranks: ranks.flatMap { $0 }.map(Int.init))
    }
}
