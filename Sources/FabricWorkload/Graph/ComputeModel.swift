import FabricKernel

/// What a job's ranks compute in a step, before it is drawn: each rank runs the same phases (for the data-parallel
/// job forward, backward and optimizer), each phase's time is its nominal time times a jitter factor drawn for that
/// rank, phase and step, times the factor of every straggler that covers the rank in that step (docs/workload.md).
///
/// A phase is the unit of a draw; a graph's computes take a phase whole or an equal part of it (`ComputeTask`), so
/// the parts of a backward pass that release successive gradient buckets share one draw, as one pass does.
public struct ComputeModel: Sendable, Equatable {
    /// Nominal time of each phase of a rank.
    public var phases: [SimTime]
    public var jitter: ComputeJitter
    public var stragglers: [Straggler]

    public init(phases: [SimTime], jitter: ComputeJitter = .none, stragglers: [Straggler] = []) {
        self.phases = phases
        self.jitter = jitter
        self.stragglers = stragglers
    }

    /// Every phase of every one of `ranks` ranks in step `step`. The stragglers are drawn first (one draw per
    /// intermittent straggler covering the step), then the jitter rank after rank, phase after phase: the order
    /// the job has drawn in since before the graph, so a seed gives the same compute as it did.
    public func draw(
        step: Int, ranks: Int, jitter jitterStream: inout RandomStream, stragglers stragglerStream: inout RandomStream
    )
        -> ComputeDraws
    {
        var slow = [Double](repeating: 1, count: ranks)
        for straggler in stragglers where straggler.covers(step: step) {
            let active = straggler.probability >= 1 || stragglerStream.nextUnit() < straggler.probability
            if active, straggler.rank < ranks { slow[straggler.rank] *= straggler.factor }
        }
        let distribution = jitter.distribution
        var times: [SimTime] = []
        times.reserveCapacity(ranks * phases.count)
        for r in 0..<ranks {
            for nominal in phases {
                var f = slow[r]
                if let distribution { f *= max(0.01, distribution.sample(&jitterStream)) }
                times.append(SimTime(rawValue: Int64((Double(nominal.rawValue) * f).rounded())))
            }
        }
        return ComputeDraws(phases: phases.count, times: times)
    }
}

/// The phases of every rank in one step, as drawn: rank after rank, phase after phase.
public struct ComputeDraws: Sendable, Equatable {
    public let phases: Int
    public let times: [SimTime]

    public init(phases: Int, times: [SimTime]) {
        precondition(phases > 0 && times.count % phases == 0, "every rank has every phase")
        self.phases = phases
        self.times = times
    }

    public subscript(rank: Int, phase: Int) -> SimTime { times[rank * phases + phase] }
}
