import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricReferenceModels
import FabricStorage
import FabricTopology
import FabricTransport
import FabricWorkload

/// The work of a run in counts, from the scenario's values: what `ScenarioEstimate` turns into events, time and
/// memory.
struct RunWork {
    var events: Double = 0
    /// Simulated seconds to the model's natural end; nil when it never ends by itself.
    var seconds: Double? = 0
    var payloadBytes: Double = 0
    /// Events per simulated second, for a model that never ends by itself (PHOLD).
    var simulatedEventRate: Double?
    /// Wall seconds spent outside the event loop (a goodput study's draws).
    var wallOverhead: Double = 0

    // What the memory estimate counts.
    var fabric: TopologySize?
    var classes = 2
    /// Flows that hold state for the whole run.
    var flows: Double = 0
    /// Operations of a collective or training schedule.
    var operations: Double = 0
    /// Bytes that can be in flight in the network at once.
    var inFlightBytes: Double = 0
    /// Pending events at the busiest moment.
    var pending: Double = 0
    /// Records kept per step or per size.
    var records: Double = 0
    var rerouting = false

    // What the progress inside episodes starts from (`EpisodeProgress`).
    /// A collective's events per size, in the order of its sizes.
    var sizeEvents: [Double] = []
    /// A training job's events per step, its checkpoints' spread over the steps.
    var stepEvents: Double?

    /// Whether the scenario's model never ends by itself: PHOLD, or a traffic scenario with a Poisson generator
    /// that has no stop.
    static func endless(_ scenario: Scenario) -> Bool {
        switch scenario.model {
        case .phold: true
        case .network(let spec):
            spec.background.contains { if case .poisson(_, _, _, _, let stop) = $0 { stop == .max } else { false } }
        case .queueing, .collective, .training: false
        }
    }

    // MARK: - Reference models

    init(queueing config: TandemQueueConfig) {
        let customers = Double(config.customers + config.warmupCustomers)
        // Each customer arrives once and departs once from each station.
        events = Double(1 + config.meanService.count) * customers
        seconds = customers * config.meanInterarrival.seconds + config.meanService.reduce(0) { $0 + $1.seconds }
        pending = Double(1 + config.meanService.count)
    }

    init(phold config: PHOLDConfig, stop: StopConditions) {
        simulatedEventRate = config.theoreticalEventRate
        // PHOLD never ends by itself; the stop conditions end it.
        seconds = nil
        events = stop.time == .max ? .infinity : stop.time.seconds * config.theoreticalEventRate
        pending = Double(config.population)
    }

    // MARK: - Networks

    /// Events a data packet costs, its acknowledgement included: each crosses `links` links, and at every link a
    /// packet is one transmission (transmit-done) and one arrival; credits add a credit return per link and packet.
    /// Plus the NIC's wake-up to send it. Calibrated against the bundled scenarios (docs/estimates.md).
    static func eventsPerPacket(links: Double, config: NetworkConfig) -> Double {
        let perLink = config.flowControl == .credits ? 5.0 : 4.0
        return perLink * links + 2
    }

    /// Packets of a message: one per mtu of payload, at least one.
    static func packets(bytes: Double, messages: Double, config: NetworkConfig) -> Double {
        bytes / Double(config.mtu) + messages
    }

    /// The bytes a fabric can hold in flight: its buffers (credits: what every input port advertises per class),
    /// bounded by the traffic itself.
    static func inFlight(_ size: TopologySize, config: NetworkConfig, classes: Int, traffic: Double) -> Double {
        let buffers =
            config.flowControl == .credits
            ? size.ports * Double(classes - 1) * Double(config.creditBuffer.bytes)
            : size.switches * Double(config.switchBuffer.bytes)
        return min(buffers + size.hosts * Double(config.mtu + config.headerBytes) * 4, traffic)
    }

    init(traffic spec: NetworkScenario, stop: StopConditions) {
        let size = spec.topologySpec.size
        fabric = size
        classes = spec.trafficClasses
        rerouting = !spec.faults.changes.isEmpty
        let hostRate = Double(spec.topology.ports.map(\.rate.bitsPerSecond).min() ?? 1)
        var flows = 0.0
        var bytes = 0.0
        var busiestHost = 0.0
        var latestStart = 0.0
        if let traffic = spec.traffic {
            let load = TrafficLoad(traffic, hosts: spec.topology.hosts.count)
            (flows, bytes, busiestHost, latestStart) = (load.flows, load.bytes, load.busiestHost, load.latestStart)
        }
        var endless = false
        let perPacket = Self.eventsPerPacket(links: size.pathLinks, config: spec.network)
        for generator in spec.background {
            // An endless generator's events per simulated second, for a run that only stop.events ends.
            if case .poisson(let load, _, _, _, .max) = generator {
                simulatedEventRate =
                    (simulatedEventRate ?? 0)
                    + Double(spec.topology.hosts.count) * load * hostRate / 8 / Double(spec.network.mtu) * perPacket
            }
            let load = TrafficLoad(
                generator, hosts: Double(spec.topology.hosts.count), hostRate: hostRate, stop: stop.time)
            flows += load.flows
            bytes += load.bytes
            busiestHost = max(busiestHost, load.busiestHost)
            latestStart = max(latestStart, load.latestStart)
            endless = endless || load.endless
        }
        for fault in spec.faults.faults {
            latestStart = max(latestStart, fault.time.seconds, fault.endTime.map(\.seconds) ?? 0)
        }
        self.flows = flows
        payloadBytes = bytes
        events = Self.packets(bytes: bytes, messages: flows, config: spec.network) * perPacket + 3 * flows
        let wire = Double(spec.network.mtu + spec.network.headerBytes) / Double(spec.network.mtu)
        // The busiest host's bytes at its link's rate, twice over for congestion, after the last start.
        let latency =
            (spec.topology.ports.map(\.delay.seconds).max() ?? 0) * size.pathLinks + spec.network.switchLatency.seconds
            * 4
        seconds = endless ? nil : latestStart + 2 * busiestHost * wire * 8 / hostRate + 2 * latency
        inFlightBytes = Self.inFlight(size, config: spec.network, classes: classes, traffic: bytes)
        pending = size.ports + 2 * flows + size.hosts
    }

    init(collective spec: CollectiveScenario) {
        let network = spec.network
        let size = network.topologySpec.size
        fabric = size
        rerouting = !network.faults.changes.isEmpty
        let ranks = spec.ranks ?? network.topology.gpuCount
        let perServer = network.topology.servers.first?.gpuCount ?? 1
        var seconds = 0.0
        for bytes in spec.sizes {
            var one = spec.spec
            one.bytes = bytes
            let step = CollectiveWork(one, ranks: ranks, gpusPerServer: perServer, network: network, size: size)
            events += step.events
            sizeEvents.append(step.events)
            seconds += step.seconds
            payloadBytes += step.networkBytes
            operations = max(operations, step.transfers)
            inFlightBytes = max(
                inFlightBytes, Self.inFlight(size, config: network.network, classes: 2, traffic: step.networkBytes))
        }
        self.seconds = seconds
        records = Double(spec.sizes.count)
        pending = size.ports + 4 * Double(ranks)
    }

    init(training spec: TrainingScenario) {
        let network = spec.network
        let job = spec.job
        let size = network.topologySpec.size
        fabric = size
        classes = max(network.trafficClasses, (spec.checkpointing?.storage.trafficClass ?? 1) + 1)
        rerouting = !network.faults.changes.isEmpty
        let ranks = job.ranks ?? network.topology.gpuCount
        let perServer = network.topology.servers.first?.gpuCount ?? 1
        var bucket = job.allReduce
        bucket.bytes = job.gradientBytes / Int64(job.buckets)
        let reduce = CollectiveWork(bucket, ranks: ranks, gpusPerServer: perServer, network: network, size: size)
        let buckets = Double(job.buckets)
        let steps = Double(job.steps)
        let slowest = job.stragglers.map(\.factor).max().map { max($0, 1) } ?? 1
        let compute = (job.forward + job.backward + job.optimizer).seconds * slowest
        // Backward overlaps the buckets' all-reduces; at worst they follow it.
        let step = compute + buckets * reduce.seconds
        // Per step: each rank's compute phases and bucket releases, then the buckets' all-reduces.
        let perStep = Double(ranks) * (4 + 2 * buckets) + buckets * reduce.events
        var background = 0.0
        let hostRate = Double(network.topology.ports.map(\.rate.bitsPerSecond).min() ?? 1)
        for generator in job.background {
            let load = TrafficLoad(
                generator, hosts: Double(network.topology.hosts.count), hostRate: hostRate,
                stop: SimTime(rawValue: Int64(min(max(step, 1e-9), RunLimits.longestRun.seconds) * 1e12)))
            background += load.bytes
            events +=
                steps
                * (Self.packets(bytes: load.bytes, messages: load.flows, config: network.network)
                    * Self.eventsPerPacket(links: size.pathLinks, config: network.network))
        }
        events += steps * perStep
        var seconds = steps * step
        payloadBytes = steps * (buckets * reduce.networkBytes + background)
        operations = buckets * (reduce.transfers + 2 * Double(ranks))
        inFlightBytes = Self.inFlight(
            size, config: network.network, classes: classes, traffic: buckets * reduce.networkBytes + background)
        records = steps
        pending = size.ports + 4 * Double(ranks)
        if let setup = spec.checkpointing {
            let checkpoints = CheckpointWork(setup, steps: job.steps, stepSeconds: step, ranks: ranks, network: network)
            events += checkpoints.events
            seconds += checkpoints.seconds
            payloadBytes += checkpoints.bytes
            wallOverhead += checkpoints.studySeconds
            // A converged design's storage servers are in the topology; a separate one has its own fabric.
            fabric?.hosts += Double(setup.storage.servers * setup.storage.nicsPerServer)
        }
        self.seconds = seconds
        stepEvents = job.steps > 0 ? events / steps : nil
    }
}

/// The flows and bytes a traffic pattern or a background generator offers, and the most one host sends or receives.
struct TrafficLoad {
    var flows = 0.0
    var bytes = 0.0
    var busiestHost = 0.0
    var latestStart = 0.0
    /// A Poisson generator with no stop, in a scenario with no stop time: it never ends.
    var endless = false

    init(_ pattern: TrafficPattern, hosts: Int) {
        let h = Double(hosts)
        switch pattern {
        case .permutation(let bytes, let start):
            (flows, self.bytes, busiestHost, latestStart) = (h, h * Double(bytes), Double(bytes), start.seconds)
        case .allToAll(let bytes, let start):
            (flows, self.bytes, busiestHost, latestStart) = (
                h * (h - 1), h * (h - 1) * Double(bytes), (h - 1) * Double(bytes), start.seconds
            )
        case .incast(_, let senders, let bytes, let start):
            let n = Double(senders.count)
            (flows, self.bytes, busiestHost, latestStart) = (n, n * Double(bytes), n * Double(bytes), start.seconds)
        case .flows(let requests):
            var sent: [Int: Double] = [:]
            var received: [Int: Double] = [:]
            for request in requests {
                sent[request.source, default: 0] += Double(request.bytes)
                received[request.destination, default: 0] += Double(request.bytes)
                latestStart = max(latestStart, request.start.seconds)
                bytes += Double(request.bytes)
            }
            flows = Double(requests.count)
            busiestHost = max(sent.values.max() ?? 0, received.values.max() ?? 0)
        }
    }

    init(_ generator: TrafficGenerator, hosts: Double, hostRate: Double, stop: SimTime) {
        switch generator {
        case .poisson(let load, let sizes, _, let start, let end):
            let until = min(end, stop)
            endless = until == .max
            let duration = endless ? 0 : max(0, until.seconds - start.seconds)
            // Every host offers `load` of its link, in flows of the distribution's mean size.
            let perHost = load * hostRate / 8 * duration
            flows = hosts * perHost / max(sizes.mean, 1)
            bytes = hosts * perHost
            busiestHost = perHost
            latestStart = endless ? 0 : until.seconds
        case .onOff(let senders, _, let burst, let period, let bursts, _, let start):
            let n = Double(senders.count)
            flows = n * Double(bursts)
            bytes = flows * Double(burst)
            busiestHost = bytes
            latestStart = start.seconds + Double(bursts) * period.seconds
        case .incastStorm(let senders, _, let size, let period, let storms, _, let start):
            let n = Double(senders.count)
            flows = n * Double(storms)
            bytes = flows * Double(size)
            busiestHost = bytes
            latestStart = start.seconds + Double(storms) * period.seconds
        }
    }
}

/// One collective of `spec.bytes`: its transfers, the bytes it puts on the network, its events and its time.
struct CollectiveWork {
    var transfers: Double
    var networkBytes: Double
    var events: Double
    var seconds: Double

    init(_ spec: CollectiveSpec, ranks: Int, gpusPerServer g: Int, network: NetworkScenario, size: TopologySize) {
        let p = Double(ranks)
        let n = Double(max(spec.bytes, 1))
        let servers = max(1, (p / Double(max(g, 1))).rounded(.up))
        transfers = spec.estimatedTransfers(ranks: ranks, gpusPerServer: g, channels: spec.channels ?? g)
        // Bytes every rank sends: 2(p − 1)/p × n for an all-reduce (ring, halving-doubling; a double binary tree
        // about 2n), (p − 1)/p × n for the halves and broadcasts, (p − 1)/p × n for an all-to-all's n.
        let perRank: Double =
            switch spec.kind {
            case .allReduce: spec.algorithm == .tree ? 2 * n : 2 * (p - 1) / p * n
            default: (p - 1) / p * n
            }
        // What crosses the network: every transfer between servers. A ring over ranks ordered by server sends
        // one edge in g across; the hierarchical algorithm sends each rail's share across once.
        let across: Double
        if servers <= 1 {
            across = 0
        } else {
            switch spec.algorithm {
            case .hierarchical, .pipelinedHierarchical: across = 2 * (servers - 1) / servers * n / Double(max(g, 1)) * p
            case .ring: across = perRank * p / Double(max(g, 1))
            default: across = perRank * p
            }
        }
        networkBytes = across
        let nvlinkTransfers = max(0, transfers * (1 - across / max(perRank * p, 1)))
        let config = network.network
        events =
            RunWork.packets(bytes: across, messages: transfers - nvlinkTransfers, config: config)
            * RunWork.eventsPerPacket(
                links: [.ring, .hierarchical, .pipelinedHierarchical].contains(spec.algorithm)
                    ? size.neighbourLinks : size.pathLinks,
                config: config)
            + 2 * nvlinkTransfers
        let rate = Double(network.topology.ports.map(\.rate.bitsPerSecond).min() ?? 1)
        let nvlink = Double(network.topology.servers.first.map(\.nvlinkBandwidth.bitsPerSecond) ?? Int64(rate))
        let latency =
            (network.topology.ports.map(\.delay.seconds).max() ?? 0) * size.pathLinks + config.switchLatency.seconds * 4
        // Each rank's share at its NIC's rate (and its NVLink share at NVLink's), a latency per transfer it waits for.
        let steps = p > 1 ? transfers / p : 0
        seconds = 2 * (across / p * 8 / rate + (perRank - across / p) * 8 / nvlink + steps * latency)
    }
}

/// The checkpoints of a training job: how many, their bytes, their events and the time they add.
struct CheckpointWork {
    var events: Double
    var seconds: Double
    var bytes: Double
    /// The goodput study's draws, outside the event loop: failures × intervals.
    var studySeconds: Double

    init(_ setup: CheckpointSetup, steps: Int, stepSeconds: Double, ranks: Int, network: NetworkScenario) {
        let count: Double =
            switch setup.policy.trigger {
            case .steps(let every): Double(steps / max(every, 1))
            case .interval(let every): (Double(steps) * stepSeconds / max(every.seconds, 1e-12)).rounded(.down)
            }
        bytes = count * Double(setup.policy.bytes)
        let storage = setup.storage
        let write = min(
            Double(storage.servers * storage.nicsPerServer) * Double(storage.nicRate.bitsPerSecond),
            Double(storage.servers) * Double(storage.mediaBandwidth.bitsPerSecond))
        let snapshot =
            Double(setup.policy.bytes) / Double(max(ranks, 1)) * 8
            / Double(setup.policy.snapshotBandwidth.bitsPerSecond)
        seconds = count * (Double(setup.policy.bytes) * 8 / max(write, 1) + snapshot)
        let requests = bytes / Double(max(storage.stripeSize, 1))
        events =
            RunWork.packets(bytes: bytes, messages: requests, config: network.network)
            * RunWork.eventsPerPacket(links: 4, config: network.network) + 4 * requests
        let study = setup.goodput.map { Double($0.lives) * Double(max($0.intervals.count, 61)) } ?? 0
        studySeconds = study / 2e7
    }
}
