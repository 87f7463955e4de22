import FabricCollectives
import FabricKernel
import FabricMetrics
import FabricStorage
import FabricTopology
import FabricTransport
import Foundation

/// The training job on a fabric, step after step.
///
/// Each step is an episode on its own: the job's workload graph (`DataParallelGraph`) runs on the fabric with the
/// step's compute drawn afresh — every rank computes forward and backward, releases its gradient buckets during
/// backward, and the buckets' all-reduces run on the packet network and NVLink until every rank has its reduced
/// gradients; each rank then runs its optimizer, and the next step starts when the last rank has. Nothing crosses a step boundary: the last rank cannot finish its all-reduce before every
/// message of it has been acknowledged, so at that moment the network holds no traffic of the job. Each episode
/// therefore starts from the same idle network (same ECMP salts and flow-entropy sequence, as persistent
/// connections would have), and the memory of a run stays that of one step however many steps it has. The one
/// exception is a checkpoint's upload, which outlives steps: it is cut at each step's end and carried into the
/// next episode (`TrainingCheckpoints`, docs/storage.md); checkpoints that stop training add their stall between
/// steps.
///
/// The outer simulator sees one event per step, at the step's start, and one at the end of the last step; its
/// clock is the job's time.
public struct TrainingRun<Network: Transport>: EventHandler, Sendable {
    public let job: TrainingJob
    public let topology: Topology
    public let seed: UInt64
    public let layout: GPULayout
    /// The job's ranks, as global GPU indices: rank i is GPU members[i].
    public let members: [Int]
    /// The step as a graph of computes and communication: built once, run every step.
    public let dataParallel: DataParallelGraph
    var graph: WorkloadGraph { dataParallel.graph }
    var schedule: TransferSchedule { dataParallel.graph.schedule }
    /// The idle network every step starts from, with the faults routing has converged on by then.
    var template: Network
    /// Faults on the job's clock (from its start), and routing's convergence delay.
    public let faults: FaultSchedule?
    public let convergence: SimTime
    /// Changes of `faults` already settled into `template`.
    var settledChanges = 0

    var jitterStream: RandomStream
    var stragglerStream: RandomStream
    public private(set) var records: [StepRecord] = []
    public private(set) var ports: PortTotals
    public private(set) var counters = NetworkTotals()
    /// Packets lost over the steps, by cause: what the lossless check reads.
    public private(set) var losses = LossTally()
    /// Events handled inside the steps' episodes.
    public private(set) var innerEvents: UInt64 = 0
    public private(set) var failures: [String] = []
    public private(set) var backgroundFlows = 0
    /// Checkpoints and their storage, if the job writes any.
    public private(set) var checkpoints: TrainingCheckpoints<Network>?
    /// The slowest step so far (the first of equal ones), rank by rank: what the trace shows of it.
    public private(set) var slowestStep: SlowestStep?
    /// The run's stop conditions, interrupt and fingerprint, which the steps' episodes answer to; unbounded
    /// unless the runner attaches its own.
    public var control = RunControl() {
        didSet { checkpoints?.control = control }
    }
    /// Events a step is expected to take before any has run (the scenario's estimate, set by the runner), for the
    /// progress inside the first step; nil: it moves at the step's end only.
    public var expectedStepEvents: Double?
    /// The step a stop condition or an interrupt cut short, if one did; it is not among `records`.
    public private(set) var cutStep: Int?
    /// How to sample the network's series inside each step; nil samples none (TrainingRun+Series.swift).
    public var sampling: SeriesSampling?
    /// The slowest step's series (the first of equal ones), on the run's clock; nil without `sampling`.
    public private(set) var slowestSeries: TimeSeriesSet?

    /// `classes`: the network's traffic classes (2, or more when background generators use higher classes).
    public init(
        job: TrainingJob, topology: Topology, network config: NetworkConfig, seed: UInt64,
        faults: FaultSchedule? = nil, convergence: SimTime = .zero, classes: Int = 2,
        checkpointing: CheckpointSetup? = nil
    ) {
        self.job = job
        self.faults = faults.flatMap { $0.changes.isEmpty ? nil : $0 }
        self.convergence = convergence
        self.topology = topology
        self.seed = seed
        let layout = GPULayout(topology: topology)
        let members = Array(0..<(job.ranks ?? layout.count))
        self.layout = layout
        self.members = members
        dataParallel = DataParallelGraph(job: job, layout: layout, members: members)
        template = Network(
            topology: topology, config: config, seed: seed,
            classes: max(
                classes, (job.background.map(\.trafficClass).max() ?? 1) + 1,
                (checkpointing?.storage.trafficClass ?? 1) + 1))
        checkpoints = checkpointing.map {
            TrainingCheckpoints(
                policy: $0.policy, storage: $0.storage, fabric: $0.fabric, goodput: $0.goodput, members: members,
                network: config, seed: seed)
        }
        ports = PortTotals(ports: topology.ports.count, fidelity: Network.fidelity)
        jitterStream = RandomStream(seed: seed, name: "workload.jitter")
        stragglerStream = RandomStream(seed: seed, name: "workload.stragglers")
    }

    public mutating func start(scheduler: inout Scheduler) {
        if job.steps > 0 { scheduler.schedule(RunEvent.episode.kind, for: .model, after: .zero, argument: 0) }
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        let step = Int(event.argument)
        // The event after the last step only moves the clock to its end.
        guard step < job.steps else { return }
        // A step costs about what the steps before it did, checkpoints included; the first, what the estimate says.
        control.beginEpisode(
            done: progress, share: 1 / Double(job.steps),
            expectedEvents: records.isEmpty ? expectedStepEvents : Double(control.episodeEvents) / Double(records.count)
        )
        guard let record = runStep(step, start: scheduler.now) else {
            // Stopped inside the step: the run ends there, with the steps that completed.
            cutStep = step
            scheduler.requestStop()
            return
        }
        records.append(record)
        let (steps, network) = (job.steps, template)
        let stall =
            checkpoints?.afterStep(step, end: scheduler.now + record.time, steps: steps, network: network) ?? .zero
        // Stopped in the step's upload or in a checkpoint after it: the step counts, nothing more starts.
        guard !control.stopped else {
            scheduler.requestStop()
            return
        }
        scheduler.schedule(RunEvent.episode.kind, for: .model, after: record.time + stall, argument: UInt64(step + 1))
    }

    /// Every compute's duration in step `step` (by compute slot), drawn from the job's compute model.
    mutating func sampleCompute(step: Int) -> [SimTime] {
        graph.durations(
            dataParallel.compute.draw(
                step: step, ranks: members.count, jitter: &jitterStream, stragglers: &stragglerStream))
    }

    /// The job's faults as the step starting at `start` sees them. A change routing had converged on by then is
    /// settled into the idle network the step starts from; the others happen at their times from the step's
    /// start, one that happened less than a convergence delay before it at the step's start (routing then takes
    /// a whole delay to react: pessimistic by at most that delay, once).
    mutating func faults(forStepAt start: SimTime) -> FaultSchedule? {
        guard let faults else { return nil }
        while settledChanges < faults.changes.count, faults.changes[settledChanges].time + convergence <= start {
            template.settle(faults.changes[settledChanges])
            settledChanges += 1
        }
        return settledChanges < faults.changes.count ? faults.suffix(from: settledChanges, after: start) : nil
    }

    /// Runs one step's episode; nil when the run's control stopped it before its end (its events still count).
    mutating func runStep(_ step: Int, start: SimTime) -> StepRecord? {
        let compute = sampleCompute(step: step)
        let n = members.count
        // The background's streams are seeded per step, so that steps do not repeat each other's traffic.
        let background = BackgroundTraffic(job.background, seed: seed ^ (UInt64(step + 1) &* 0x9E37_79B9_7F4A_7C15))
        // Settle first: the step starts from the network as the faults before it left it.
        let stepFaults = faults(forStepAt: start)
        let episode = TrainingEpisode(
            fabric: CollectiveFabric(network: template, layout: layout), schedule: schedule, durations: compute,
            background: background, faults: stepFaults, convergence: convergence, upload: checkpoints?.uploadInStep)
        var simulator = Simulator(model: episode)
        simulator.start()
        var series = sampling.map { StepSeries(network: simulator.model.fabric.network, sampling: $0) }
        _ = run(&simulator, origin: start, compute: compute, series: &series)
        guard !control.stopped else {
            innerEvents += simulator.scheduler.eventsProcessed
            return nil
        }
        let result = record(
            step: step, start: start, compute: compute, episode: simulator.model,
            events: simulator.scheduler.eventsProcessed)
        let slowest = slowestStep.map { result.time > $0.time } ?? true
        if slowest {
            let executor = simulator.model.executor
            slowestStep = SlowestStep(
                step: step, time: result.time,
                ranks: (0..<n).map { r in
                    let reduced = reducedTime(rank: r, executor: executor)
                    return RankPhases(
                        computeEnd: dataParallel.forwardBackwardEnd(rank: r, executor: executor), reduced: reduced,
                        optimizerEnd: reduced + graph.endDuration(rank: r, durations: compute))
                })
        }
        if let upload = simulator.model.upload, !upload.isDurable {
            // A checkpoint's upload goes on to the step's end and is carried into the next step from there.
            _ = run(&simulator, until: result.time, origin: start, compute: compute, series: &series)
            simulator.model.upload?.suspend(at: result.time, network: simulator.model.fabric.network)
        }
        if slowest, var series {
            series.finish(simulator)
            slowestSeries = series.result(origin: start, step: step)
        }
        checkpoints?.stepRan(length: result.time, upload: simulator.model.upload)
        innerEvents += simulator.scheduler.eventsProcessed
        let done = simulator.model
        let network = done.fabric.network
        ports.add(network)
        add(network.counters)
        losses.add(network.counters)
        backgroundFlows += done.background.flowsStarted.reduce(0, +)
        if !network.conservation.passed { failures.append("step \(step): \(network.conservation.detail)") }
        if !done.executor.isComplete {
            failures.append("step \(step): \(done.executor.remaining) of \(schedule.count) operations did not complete")
        }
        return result
    }

    /// How long the step's all-reduces ran: per bucket, from the moment it could start — every rank had
    /// released it and the previous bucket was reduced everywhere — to the moment it was reduced everywhere,
    /// summed over the buckets. Waiting for compute does not count; congestion does.
    func allReduceTime(executor: ScheduleExecutor) -> SimTime {
        var total = SimTime.zero
        var previous = SimTime.zero
        for (released, ops) in zip(dataParallel.backward, dataParallel.reduced) {
            let release = released.map { executor.finishTime[Int($0)] }.max() ?? .zero
            let done = ops.map { executor.finishTime[Int($0)] }.filter { $0 != .max }.max() ?? executor.lastFinish
            total += max(.zero, done - max(release, previous))
            previous = done
        }
        return total
    }

    mutating func add(_ c: NetworkCounters) {
        counters.packetsInjected += c.packetsInjected
        counters.packetsDelivered += c.packetsDelivered
        counters.packetsDropped += c.packetsDropped
        counters.packetsTrimmed += c.packetsTrimmed
        counters.retransmittedPackets += c.retransmittedPackets
        counters.timeouts += c.timeouts
        counters.flowsCompleted += c.flowsCompleted
        counters.goodputBytes += c.goodputBytes
        counters.packetHops += c.packetHops
        counters.bytesInjected += c.bytesInjected
        counters.bytesDelivered += c.bytesDelivered
    }

    /// When rank r's gradients were reduced in a step: its last all-reduce done (the step's end if it never was).
    func reducedTime(rank r: Int, executor: ScheduleExecutor) -> SimTime {
        guard let finals = dataParallel.reduced.last else { return .zero }
        let synced = executor.finishTime[Int(finals[r])]
        return synced == .max ? executor.lastFinish : synced
    }

    func record(step: Int, start: SimTime, compute: [SimTime], episode: TrainingEpisode<Network>, events: UInt64)
        -> StepRecord
    {
        let executor = episode.executor
        let n = members.count
        let (last, end) = graph.end(executor: executor, durations: compute)
        // Each rank's compute before its step's end (forward + backward), and its end (the optimizer).
        let total = graph.computeTime(durations: compute)
        var slowestCompute = SimTime.zero
        var slowestRank = 0
        var longestOptimizer = SimTime.zero
        var busy = 0.0
        for r in 0..<n {
            let optimizer = graph.endDuration(rank: r, durations: compute)
            let work = total[r] - optimizer
            if work > slowestCompute {
                slowestCompute = work
                slowestRank = r
            }
            longestOptimizer = max(longestOptimizer, optimizer)
            busy += total[r].seconds
        }
        var record = StepRecord(
            step: step, start: start, time: end, computeOnly: graph.computeOnlyEnd(durations: compute),
            optimizer: longestOptimizer,
            busyFraction: end > .zero ? busy / Double(n) / end.seconds : 1,
            lastRank: last, criticalRank: slowestRank, criticalRankCompute: slowestCompute,
            slowestComputeRank: slowestRank,
            criticalLink: nil, criticalLinkPeakQueue: 0, criticalTransferDelay: .zero, events: events,
            communication: allReduceTime(executor: executor),
            communicationWindow: graph.networkWindow(executor: executor))
        // Walk back from the last rank's end along the dependencies that came last.
        let path = executor.criticalPath(to: Int(graph.rankEnds[last]))
        if let rank = graph.criticalRank(on: path) {
            record.criticalRank = rank
            record.criticalRankCompute = total[rank] - graph.endDuration(rank: rank, durations: compute)
        }
        let network = episode.fabric.network
        var worst: (op: Int, excess: SimTime, ideal: SimTime)?
        for op in path {
            let o = schedule.ops[op]
            guard o.kind == .network, executor.flow[op] >= 0 else { continue }
            let f = Int(executor.flow[op])
            let ideal = network.idealCompletion(of: f)
            let excess = executor.finishTime[op] - executor.startTime[op] - (ideal == .max ? .zero : ideal)
            if worst.map({ excess > $0.excess }) ?? true { worst = (op, excess, ideal == .max ? .zero : ideal) }
        }
        // A link is named only when a transfer on the chain waited for one: at least 1 µs and 5 % beyond its
        // ideal time. Below that the step waited for compute and latency, not for a congested port.
        if let worst, worst.excess >= max(.microseconds(1), SimTime(rawValue: worst.ideal.rawValue / 20)) {
            let o = schedule.ops[worst.op]
            let paths = network.routing.paths(
                fromHost: Int(layout.host[Int(o.source)]), toHost: Int(layout.host[Int(o.destination)]),
                in: topology, limit: 64)
            var best: (port: Int, queue: Int64, busy: SimTime)?
            for port in Set(paths.flatMap { $0 }).map(\.index).sorted() {
                let state = network.port(port)
                let queue = state.queues?.peakQueuedBytes ?? 0
                if best.map({ (queue, state.busyTime) > ($0.queue, $0.busy) }) ?? true {
                    best = (port, queue, state.busyTime)
                }
            }
            record.criticalLink = best?.port
            record.criticalLinkPeakQueue = best?.queue ?? 0
        }
        record.criticalTransferDelay = max(.zero, worst?.excess ?? .zero)
        return record
    }

    /// Steps completed so far over steps asked for.
    public var progress: Double { job.steps > 0 ? Double(records.count) / Double(job.steps) : 1 }
}

/// One rank's step, from the step's start: its forward and backward pass ended, its gradients were reduced (its
/// last all-reduce done), its optimizer ended.
public struct RankPhases: Sendable, Equatable {
    public var computeEnd: SimTime
    public var reduced: SimTime
    public var optimizerEnd: SimTime
}

/// A step rank by rank.
public struct SlowestStep: Sendable, Equatable {
    public var step: Int
    public var time: SimTime
    public var ranks: [RankPhases]
}

/// The network's counters summed over the steps.
public struct NetworkTotals: Sendable, Equatable {
    public var packetsInjected: Int64 = 0
    public var packetsDelivered: Int64 = 0
    public var packetsDropped: Int64 = 0
    /// Data packets switches cut to their headers (packet trimming) rather than drop.
    public var packetsTrimmed: Int64 = 0
    public var retransmittedPackets: Int64 = 0
    public var timeouts: Int64 = 0
    public var flowsCompleted: Int64 = 0
    public var goodputBytes: Int64 = 0
    public var packetHops: Int64 = 0
    /// Wire bytes put on and taken off the fabric: what the flow model conserves (it has no packets).
    public var bytesInjected: Int64 = 0
    public var bytesDelivered: Int64 = 0
    public init() {}
}

/// What one step did.
public struct StepRecord: Sendable, Equatable {
    public var step: Int
    /// When the step began, on the job's clock: the previous step's end, plus the stall of a checkpoint taken
    /// between them.
    public var start: SimTime
    /// From the moment every rank may start the step to the moment the last rank has its gradients reduced and
    /// applied (optimizer): when the next step may start.
    public var time: SimTime
    /// The same step with an infinitely fast network: the slowest rank's forward + backward, then the longest
    /// optimizer.
    public var computeOnly: SimTime
    /// The longest optimizer of the step, the second part of `computeOnly`.
    public var optimizer: SimTime
    /// Mean over ranks of compute (forward + backward + optimizer) ÷ step time.
    public var busyFraction: Double
    /// The rank that finished the step last.
    public var lastRank: Int
    /// The rank whose bucket release began the chain of dependencies that ended the step: the rank the step
    /// waited for (`WorkloadGraph.criticalRank`: the first compute on the critical path that communication waited
    /// for). With a slow network it is still the rank whose data the last transfers carried.
    public var criticalRank: Int
    /// That rank's forward + backward in this step.
    public var criticalRankCompute: SimTime
    /// The rank with the longest forward + backward.
    public var slowestComputeRank: Int
    /// On the critical chain, the network transfer most delayed beyond its ideal time; of the ports on its
    /// paths, the one with the deepest queue this step. Nil when no transfer on the chain was delayed by at least
    /// 1 µs and 5 % of its ideal time (or the chain has no network transfer).
    public var criticalLink: Int?
    public var criticalLinkPeakQueue: Int64
    /// How much longer than its ideal that transfer took.
    public var criticalTransferDelay: SimTime
    public var events: UInt64
    /// How long the step's all-reduces ran, waiting for compute left out (`TrainingRun.allReduceTime`).
    public var communication: SimTime
    /// How long any of the step's network transfers was in flight (`WorkloadGraph.networkWindow`).
    public var communicationWindow: SimTime

    /// Step time − compute-only step time: what the network cost this step.
    public var stall: SimTime { time - computeOnly }

    /// The first part of `computeOnly`: the slowest rank's forward + backward. The step time is, exactly, this,
    /// then the stall, then the longest optimizer: the split the report's bars and the trace's rows draw.
    public var forwardBackward: SimTime { computeOnly - optimizer }
}
