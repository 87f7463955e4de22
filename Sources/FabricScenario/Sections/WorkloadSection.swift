import FabricCollectives
import FabricKernel
import FabricTopology
import FabricWorkload

/// The jitter distributions a scenario names.
public enum JitterShape: String, ScenarioChoice {
    case none
    case normal
    case lognormal
    case uniform
}

/// The training job on a fabric (`workload:` beside `topology:`).
public struct TrainingScenario: Sendable {
    public var network: NetworkScenario
    public var job: TrainingJob
    /// Its checkpoints and their storage (`storage:`, `checkpoint:`, `failures:`), if any.
    public var checkpointing: CheckpointSetup?
}

/// `workload:` — the synchronous data-parallel job. Definitions of what it measures: docs/workload.md.
enum WorkloadSection {
    static let steps = ScenarioKey<Int64>(
        "steps", default: 100, range: 1...1_000_000,
        meaning: "Training steps to simulate; P99 over steps needs a few hundred.")
    static let ranks = ScenarioKey<Int64>(
        "ranks", defaultText: "every GPU", range: 2...1_000_000,
        meaning: "The job's data-parallel ranks: the first this many GPUs.")
    static let forward = ScenarioKey<SimTime>(
        "forward", range: SimTime.zero...SimTime.seconds(3600), meaning: "Forward pass of one rank per step.")
    static let backward = ScenarioKey<SimTime>(
        "backward", range: SimTime.zero...SimTime.seconds(3600),
        meaning: "Backward pass; the gradient buckets are released as it proceeds.")
    static let optimizer = ScenarioKey<SimTime>(
        "optimizer", default: .zero, range: SimTime.zero...SimTime.seconds(3600),
        meaning:
            "Optimizer update after the rank's gradients are reduced; the next step starts when every rank has done it."
    )
    static let jitter = ScenarioKey<JitterShape>(
        "jitter", default: JitterShape.none,
        meaning: "Each phase of each rank and step is multiplied by a random factor of mean 1 with this shape.")
    static let jitterCV = ScenarioKey<Double>(
        "jitter_cv", default: 0.02, range: 0...1,
        meaning: "The factor's coefficient of variation (standard deviation ÷ mean).")
    static let gradientBytes = ScenarioKey<ByteCount>(
        "gradient_bytes", range: ByteCount(1)...ByteCount(1 << 40),
        meaning: "Gradient bytes each rank all-reduces per step.")
    static let buckets = ScenarioKey<Int64>(
        "buckets", default: 1, range: 1...1024,
        meaning:
            "Equal buckets; bucket k is all-reduced once (k + 1)/buckets of backward is done, while backward goes on.")
    static let algorithm = ScenarioKey<CollectiveAlgorithm>(
        "algorithm", default: .ring,
        meaning: "How each bucket is all-reduced: ring, tree, halving-doubling, hierarchical or hierarchical-pipelined."
    )
    static let listKey = "stragglers"
    static let stragglerRank = ScenarioKey<Int64>("rank", range: 0...1_000_000, meaning: "The slow rank.")
    static let stragglerFactor = ScenarioKey<Double>(
        "factor", range: 0.01...1000, meaning: "Its compute time multiplier (1.5: 15 ms where others take 10 ms).")
    static let firstStep = ScenarioKey<Int64>(
        "first_step", default: 0, range: 0...1_000_000, meaning: "First step it may be slow in.")
    static let lastStep = ScenarioKey<Int64>(
        "last_step", defaultText: "the last step", range: 0...1_000_000, meaning: "Last step it may be slow in.")
    static let probability = ScenarioKey<Double>(
        "probability", default: 1, range: 0...1,
        meaning: "Chance it is slow in each step of its range, drawn per step.")
    /// Transfers one step's schedule may hold: each costs about 40 bytes, and every step runs all of them.
    static let maximumTransfers = 50_000_000.0

    static let documentation: [SectionDocumentation] = [
        SectionDocumentation(
            path: "workload",
            summary:
                "A synchronous data-parallel training job, beside a topology section (traffic is then optional): per step, forward and backward compute with jitter and stragglers, gradient buckets all-reduced while backward continues, an optimizer step. Reports step time, compute-only step time and stall at P50/P99/P99.9, and what the slowest steps waited for. A background section beside it runs in every step, at its times from the step's start, while the step's all-reduces do.",
            keys: [
                steps.documentation, ranks.documentation, forward.documentation, backward.documentation,
                optimizer.documentation,
                jitter.documentation, jitterCV.documentation, gradientBytes.documentation, buckets.documentation,
                algorithm.documentation, CollectiveSection.interServer.documentation,
                CollectiveSection.chunkBytes.documentation,
                CollectiveSection.channels.documentation,
                KeyDocumentation(
                    name: listKey, type: "list", defaultValue: "none", valid: "",
                    meaning: "Slow ranks, each with the keys below."),
            ]),
        SectionDocumentation(
            path: "workload.stragglers[i]", summary: "A rank whose compute is slower in some steps.",
            keys: [
                stragglerRank.documentation, stragglerFactor.documentation, firstStep.documentation,
                lastStep.documentation,
                probability.documentation,
            ]),
    ]

    static func read(_ reader: inout SectionReader, network: NetworkScenario?) -> TrainingScenario? {
        let steps = reader.read(Self.steps)
        let ranks = reader.readOptional(Self.ranks)
        let forward = reader.read(Self.forward)
        let backward = reader.read(Self.backward)
        let optimizer = reader.read(Self.optimizer)
        let jitter = reader.read(Self.jitter)
        let cv = reader.read(jitterCV)
        let gradient = reader.read(gradientBytes)
        let buckets = reader.read(Self.buckets)
        let algorithm = reader.read(Self.algorithm)
        let interServer = reader.read(CollectiveSection.interServer)
        let chunk = reader.read(CollectiveSection.chunkBytes)
        let channels = reader.readOptional(CollectiveSection.channels)
        let stragglers = readStragglers(&reader)
        guard let steps, ranks != .some(nil), let forward, let backward, let optimizer, let jitter, let cv,
            let gradient,
            let buckets, let algorithm, let interServer, let chunk, channels != .some(nil), let stragglers, let network
        else { return nil }
        let gpus = network.topology.gpuCount
        let count = ranks.flatMap { $0 }.map(Int.init) ?? gpus
        guard count <= gpus else {
            reader.reject(Self.ranks.name, "found \(count); the topology has \(gpus) GPUs")
            return nil
        }
        guard count >= 2 else {
            reader.reject("workload", "the topology has \(gpus) GPU; a data-parallel job needs at least 2")
            return nil
        }
        let spec = CollectiveSpec(
            .allReduce, algorithm: algorithm, bytes: 0, chunkBytes: chunk.bytes,
            channels: channels.flatMap { $0 }.map(Int.init), interServer: interServer)
        if let problem = spec.problem(ranks: count) ?? spec.problem(ranks: count, topology: network.topology) {
            reader.reject(Self.algorithm.name, problem)
            return nil
        }
        var bucketSpec = spec
        bucketSpec.bytes = gradient.bytes / buckets
        let perServer = network.topology.servers.first?.gpuCount ?? 1
        let transfers =
            Double(buckets)
            * bucketSpec.estimatedTransfers(
                ranks: count, gpusPerServer: perServer,
                channels: spec.channels ?? perServer)
        if transfers > maximumTransfers {
            reader.reject(
                gradientBytes.name,
                "makes about \(Int(transfers)) transfers per step (\(buckets) buckets of \(ByteCount(bucketSpec.bytes)) over \(count) ranks in chunks of \(chunk)); at most \(Int(maximumTransfers)) fit in memory: raise chunk_bytes or use fewer buckets"
            )
            return nil
        }
        for (i, straggler) in stragglers.enumerated() where straggler.rank >= count {
            reader.reject(listKey, "stragglers[\(i)].rank is \(straggler.rank); the job has ranks 0 to \(count - 1)")
            return nil
        }
        let shape: ComputeJitter =
            switch jitter {
            case .none: .none
            case .normal: .normal(cv: cv)
            case .lognormal: .logNormal(cv: cv)
            case .uniform: .uniform(cv: cv)
            }
        let job = TrainingJob(
            steps: Int(steps), forward: forward, backward: backward, optimizer: optimizer, jitter: shape,
            stragglers: stragglers,
            gradientBytes: gradient.bytes, buckets: Int(buckets), allReduce: spec,
            ranks: ranks.flatMap { $0 }.map(Int.init),
            background: network.background)
        return TrainingScenario(network: network, job: job)
    }

    static func readStragglers(_ reader: inout SectionReader) -> [Straggler]? {
        guard var items = reader.list(listKey) else { return [] }
        var stragglers: [Straggler] = []
        var valid = true
        for i in items.indices {
            let rank = items[i].read(stragglerRank)
            let factor = items[i].read(stragglerFactor)
            let first = items[i].read(firstStep)
            let last = items[i].readOptional(lastStep)
            let probability = items[i].read(Self.probability)
            items[i].finish()
            guard let rank, let factor, let first, last != .some(nil), let probability else {
                valid = false
                continue
            }
            if let last = last.flatMap({ $0 }), last < first {
                items[i].reject(
                    lastStep.name, "found \(last), before first_step \(first); expected a step at or after it")
                valid = false
                continue
            }
            stragglers.append(
                Straggler(
                    rank: Int(rank), factor: factor, firstStep: Int(first), lastStep: last.flatMap { $0 }.map(Int.init),
                    probability: probability))
        }
        reader.attach(list: listKey, items)
        return valid ? stragglers : nil
    }
}
