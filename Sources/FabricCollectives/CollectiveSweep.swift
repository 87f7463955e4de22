import FabricKernel
import FabricMetrics
import FabricTopology
import FabricTransport

/// A simulated nccl-tests: one collective run alone over a range of sizes, each size on an idle fabric, with
/// the time, algorithm bandwidth and bus bandwidth nccl-tests would print.
///
/// Each size is an episode: a fresh network (same seed) and a fresh schedule, run until nothing is left in
/// flight. The sweep itself is a model of the outer simulator, one event per size, and the outer clock advances
/// by each collective's time, so that simulated time is the sum of the collectives' times (a last event marks
/// the end of the last one).
public struct CollectiveSweep<Network: Transport>: EventHandler, Sendable {
    public typealias Row = CollectiveSweepRow

    public let topology: Topology
    public let config: NetworkConfig
    public let seed: UInt64
    /// The collective; its `bytes` is replaced by each size in turn.
    public let spec: CollectiveSpec
    public let sizes: [Int64]
    /// The ranks, as global GPU indices in rank order.
    public let members: [Int]
    /// Faults applied in every episode, at times counted from its start; and routing's convergence delay.
    public let faults: FaultSchedule?
    public let convergence: SimTime
    let layout: GPULayout
    /// The α–β costs the model column uses: between the first two servers' first members, and over NVLink.
    public let networkCost: AlphaBeta?
    public let nvlinkCost: AlphaBeta?

    public private(set) var rows: [Row] = []
    public private(set) var ports: PortTotals
    /// Events handled inside the episodes (the outer simulator sees one per size).
    public private(set) var innerEvents: UInt64 = 0
    /// Episodes whose packet conservation failed, or that ended with operations unfinished.
    public private(set) var failures: [String] = []
    /// Packets lost over the sizes, by cause: what the lossless check reads.
    public private(set) var losses = LossTally()
    /// The run's stop conditions, interrupt and fingerprint, which each size's episode answers to; unbounded
    /// unless the runner attaches its own.
    public var control = RunControl()

    /// The events each size is expected to take (the scenario's estimate, set by the runner): each size's share
    /// of the progress, and what the first should take. Empty: every size an equal share.
    public var expectedEvents: [Double] = []

    public init(
        topology: Topology, config: NetworkConfig, seed: UInt64, spec: CollectiveSpec, sizes: [Int64],
        members: [Int]? = nil,
        faults: FaultSchedule? = nil, convergence: SimTime = .zero
    ) {
        self.topology = topology
        self.faults = faults
        self.convergence = convergence
        self.config = config
        self.seed = seed
        self.spec = spec
        self.sizes = sizes
        layout = GPULayout(topology: topology)
        self.members = members ?? Array(0..<layout.count)
        ports = PortTotals(ports: topology.ports.count, fidelity: Network.fidelity)
        let probe = Network(topology: topology, config: config, seed: seed, classes: 2)
        let layout = self.layout
        let first = self.members[0]
        if let other = self.members.first(where: { !layout.sameServer($0, first) }) {
            networkCost = AlphaBeta.network(probe, from: Int(layout.host[first]), to: Int(layout.host[other]))
        } else {
            networkCost = nil
        }
        nvlinkCost = topology.servers.first.map(AlphaBeta.nvlink)
    }

    /// The sizes' shares of the sweep's progress, relative: their expected events, which grow with the size, so
    /// that the fraction follows the wall time (the largest size of a factor-2 sweep is about half of it).
    var progressWeights: [Double] {
        expectedEvents.count == sizes.count && expectedEvents.allSatisfy({ $0 > 0 })
            ? expectedEvents : sizes.map { _ in 1 }
    }

    /// The fraction of the sweep done: the sizes completed, by their weights.
    public var progress: Double {
        let weights = progressWeights
        return weights.prefix(rows.count).reduce(0, +) / weights.reduce(0, +)
    }

    /// The number of servers the members span.
    public var servers: Int { Set(members.map { layout.server[$0] }).count }

    public mutating func start(scheduler: inout Scheduler) {
        if !sizes.isEmpty { scheduler.schedule(RunEvent.episode.kind, for: .model, after: .zero, argument: 0) }
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        let index = Int(event.argument)
        // The event after the last size only moves the clock to the end of its collective.
        guard index < sizes.count else { return }
        let weights = progressWeights
        // A size costs what the previous one did, scaled by their weights; the first, what the estimate says.
        let expected = rows.last.map { Double($0.events) * weights[index] / weights[index - 1] } ?? expectedEvents.first
        control.beginEpisode(done: progress, share: weights[index] / weights.reduce(0, +), expectedEvents: expected)
        guard let row = runOne(size: sizes[index], start: scheduler.now) else {
            // Stopped inside the size's run: the sweep ends with the sizes that completed.
            scheduler.requestStop()
            return
        }
        rows.append(row)
        scheduler.schedule(RunEvent.episode.kind, for: .model, after: row.time, argument: UInt64(index + 1))
    }

    /// One size's collective on an idle fabric, starting at `start` on the sweep's clock; nil when the run's
    /// control stopped it before its end.
    mutating func runOne(size: Int64, start: SimTime) -> Row? {
        var spec = spec
        spec.bytes = size
        var builder = ScheduleBuilder(layout: layout)
        _ = builder.collective(spec, members: members)
        let channels = spec.channels ?? builder.defaultChannels(members: members)
        // `consume`: the builder's edge lists would otherwise live as long as this function, through the run.
        let schedule = (consume builder).build()
        // Only the last finish, the counters and the ports are read: neither the executor nor the network keeps
        // a record per message (the memory of a large ring, docs/performance.md).
        var network = Network(topology: topology, config: config, seed: seed, classes: 2)
        network.discardFlowRecords()
        let (episode, events) = CollectiveEpisode.run(
            CollectiveEpisode(
                fabric: CollectiveFabric(network: network, layout: layout), schedule: schedule, faults: faults,
                convergence: convergence,
                recordsOperations: false), control: control, origin: start)
        innerEvents += events
        guard !control.stopped else { return nil }
        ports.add(episode.fabric.network)
        losses.add(episode.fabric.network.counters)
        let check = episode.fabric.network.conservation
        if !check.passed { failures.append("size \(size): \(check.detail)") }
        if !episode.executor.isComplete {
            failures.append(
                "size \(size): \(episode.executor.remaining) of \(schedule.count) operations did not complete")
        }
        let time = episode.executor.lastFinish
        let seconds = max(time.seconds, 1e-12)
        let algbw = Double(size) / seconds / 1e9
        let model = networkCost.flatMap {
            CollectiveCostModel.time(
                spec, ranks: members.count, network: $0, nvlink: nvlinkCost, servers: servers,
                channels: spec.algorithm == .ring ? channels : 1)
        }
        return Row(
            size: size, time: time, algorithmBandwidth: algbw,
            busBandwidth: algbw * spec.kind.busBandwidthFactor(ranks: members.count),
            modelTime: servers == members.count || [.hierarchical, .pipelinedHierarchical].contains(spec.algorithm)
                ? model : nil,
            transfers: schedule.count, networkBytes: schedule.bytes(of: .network),
            nvlinkBytes: schedule.bytes(of: .nvlink),
            events: events, packetsDropped: episode.fabric.network.counters.packetsDropped)
    }
}

/// One line of the nccl-tests table a `CollectiveSweep` prints.
public struct CollectiveSweepRow: Sendable, Equatable {
    /// The nccl-tests size S, bytes.
    public var size: Int64
    /// From the start until the last rank has finished.
    public var time: SimTime
    /// S / time, in GB/s (10^9 bytes per second) as nccl-tests prints it.
    public var algorithmBandwidth: Double
    /// algbw × the collective's factor (`CollectiveKind.busBandwidthFactor`).
    public var busBandwidth: Double
    /// The closed-form time (`CollectiveCostModel`), when the collective has one; seconds.
    public var modelTime: Double?
    public var transfers: Int
    public var networkBytes: Int64
    public var nvlinkBytes: Int64
    public var events: UInt64
    public var packetsDropped: Int64

    public init(
        size: Int64, time: SimTime, algorithmBandwidth: Double, busBandwidth: Double, modelTime: Double?,
        transfers: Int, networkBytes: Int64, nvlinkBytes: Int64, events: UInt64, packetsDropped: Int64
    ) {
        self.size = size
        self.time = time
        self.algorithmBandwidth = algorithmBandwidth
        self.busBandwidth = busBandwidth
        self.modelTime = modelTime
        self.transfers = transfers
        self.networkBytes = networkBytes
        self.nvlinkBytes = nvlinkBytes
        self.events = events
        self.packetsDropped = packetsDropped
    }
}

/// nccl-tests' sizes (its table is printed from the run's `nccl_tests` rows: FabricExport's NCCLTestsText).
public enum NCCLTestsTable {
    /// Sizes from `minimum` to `maximum`, each `factor` times the previous (nccl-tests' `-b`, `-e`, `-f`).
    public static func sizes(from minimum: Int64, to maximum: Int64, factor: Int64) -> [Int64] {
        precondition(minimum >= 0 && maximum >= minimum && factor >= 2)
        var sizes: [Int64] = []
        var size = minimum
        while size <= maximum {
            sizes.append(size)
            guard size > 0 else {
                size = 1
                continue
            }
            let (next, overflow) = size.multipliedReportingOverflow(by: factor)
            if overflow { break }
            size = next
        }
        return sizes
    }
}
