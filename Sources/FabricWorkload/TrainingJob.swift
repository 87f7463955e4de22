import FabricCollectives
import FabricKernel
import FabricTransport
import Foundation

/// A synchronous data-parallel training job: what each rank computes per step, how its gradients are
/// synchronised, and what perturbs it. Docs: docs/workload.md.
public struct TrainingJob: Sendable, Equatable {
    /// Steps to simulate.
    public var steps: Int
    /// Forward pass of one rank for one step, before jitter and stragglers.
    public var forward: SimTime
    /// Backward pass; gradients are released in buckets as it proceeds.
    public var backward: SimTime
    /// Optimizer update, after the rank's last bucket is synchronised; the next step starts when every rank
    /// has done it.
    public var optimizer: SimTime
    public var jitter: ComputeJitter
    public var stragglers: [Straggler]
    /// Gradient bytes each rank synchronises per step (the model's gradients in their communication precision).
    public var gradientBytes: Int64
    /// Equal buckets the gradients are cut into; bucket k (k = 0 …) is ready when (k + 1)/buckets of the
    /// backward pass is done, and is all-reduced while the backward pass continues. Buckets are all-reduced
    /// one after another on each rank, as collectives issued on one communicator are.
    public var buckets: Int
    /// How each bucket is all-reduced (kind all-reduce; its `bytes` is set per bucket).
    public var allReduce: CollectiveSpec
    /// Ranks (GPUs) in the job, the first this many GPUs of the topology; nil for all.
    public var ranks: Int?
    /// Traffic that shares the fabric with the job (the network's generators: Poisson flows, on/off bursts,
    /// incast storms), started afresh in every step at its times from the step's start and stopped when the
    /// step's communication is done.
    public var background: [TrafficGenerator]

    public init(
        steps: Int, forward: SimTime, backward: SimTime, optimizer: SimTime = .zero, jitter: ComputeJitter = .none,
        stragglers: [Straggler] = [], gradientBytes: Int64, buckets: Int = 1,
        allReduce: CollectiveSpec = CollectiveSpec(.allReduce, bytes: 0), ranks: Int? = nil,
        background: [TrafficGenerator] = []
    ) {
        self.steps = steps
        self.forward = forward
        self.backward = backward
        self.optimizer = optimizer
        self.jitter = jitter
        self.stragglers = stragglers
        self.gradientBytes = gradientBytes
        self.buckets = buckets
        self.allReduce = allReduce
        self.ranks = ranks
        self.background = background
    }

    /// The gradient bytes of each bucket: equal, to the byte.
    public var bucketBytes: [Int64] {
        let base = gradientBytes / Int64(buckets)
        let extra = Int(gradientBytes % Int64(buckets))
        return (0..<buckets).map { base + ($0 < extra ? 1 : 0) }
    }
}

/// Run-to-run variation of compute time: each phase of each rank and step is multiplied by a factor drawn with
/// mean 1 and coefficient of variation `cv` (standard deviation ÷ mean).
public enum ComputeJitter: Sendable, Equatable {
    case none
    /// Normal, truncated below at 0.01 (a phase never takes less than 1 % of its nominal time).
    case normal(cv: Double)
    /// Log-normal with mean 1: σ² = ln(1 + cv²), μ = −σ²/2. Right-skewed, as measured kernel times are.
    case logNormal(cv: Double)
    /// Uniform on [1 − √3·cv, 1 + √3·cv].
    case uniform(cv: Double)

    /// The distribution of the factor, or nil for none.
    public var distribution: Distribution? {
        switch self {
        case .none: return nil
        case .normal(let cv): return .normal(mean: 1, standardDeviation: cv)
        case .logNormal(let cv):
            let variance = log(1 + cv * cv)
            return .logNormal(mu: -variance / 2, sigma: variance.squareRoot())
        case .uniform(let cv):
            let half = 3.0.squareRoot() * cv
            return .uniform(low: 1 - half, high: 1 + half)
        }
    }
}

/// A rank whose compute is slowed by `factor` in some steps.
public struct Straggler: Sendable, Equatable {
    public var rank: Int
    /// Compute time multiplier, e.g. 1.5 for a GPU that takes 15 ms where the others take 10 ms.
    public var factor: Double
    /// First step (from 0) it may be slow in.
    public var firstStep: Int
    /// Last step it may be slow in (inclusive); nil for every step from `firstStep` on.
    public var lastStep: Int?
    /// In each step of its range, the chance it is slow (drawn independently per step); 1 for always.
    public var probability: Double

    public init(rank: Int, factor: Double, firstStep: Int = 0, lastStep: Int? = nil, probability: Double = 1) {
        self.rank = rank
        self.factor = factor
        self.firstStep = firstStep
        self.lastStep = lastStep
        self.probability = probability
    }

    public func covers(step: Int) -> Bool { step >= firstStep && lastStep.map { step <= $0 } ?? true }
}
