import FabricKernel
import FabricTopology
import FabricTransport

/// A source of traffic that shares the fabric with the job under study.
public enum TrafficGenerator: Sendable, Equatable {
    /// Every host starts flows to uniformly random other hosts as a Poisson process whose rate makes its offered
    /// load `load` × its link rate; flow sizes are drawn from `sizes` (bytes).
    case poisson(load: Double, sizes: EmpiricalCDF, trafficClass: Int, start: SimTime, stop: SimTime)
    /// Each sender sends `burstBytes` to `receiver` at the start of every `period`, all at the same instants
    /// (synchronised microbursts), `bursts` times.
    case onOff(
        senders: [Int], receiver: Int, burstBytes: Int64, period: SimTime, bursts: Int, trafficClass: Int,
        start: SimTime)
    /// Incast storms: every `period`, the senders all send `bytes` to the receiver at once, `storms` times.
    case incastStorm(
        senders: [Int], receiver: Int, bytes: Int64, period: SimTime, storms: Int, trafficClass: Int, start: SimTime)

    public var trafficClass: Int {
        switch self {
        case .poisson(_, _, let c, _, _), .onOff(_, _, _, _, _, let c, _), .incastStorm(_, _, _, _, _, let c, _): c
        }
    }
}

/// Runs a set of generators on a network (any `Transport`): the model that owns the network routes it the events
/// of `BackgroundTraffic.Kind` (the block `EventKindOwner.background`). Each generator keeps at most one pending event per host (Poisson) or one in all
/// (bursts), and draws from its own random stream.
public struct BackgroundTraffic: Sendable {
    /// The generators' event kinds.
    public enum Kind: UInt32, OwnedEventKind {
        /// A generator's next flow (Poisson: one host's) or burst is due: target `ComponentID.model`, argument
        /// `BackgroundTraffic.argument(generator, detail)`.
        case due

        public static var owner: EventKindOwner { .background }
    }

    public let generators: [TrafficGenerator]
    var streams: [RandomStream]
    /// Flows started by each generator.
    public private(set) var flowsStarted: [Int]

    public init(_ generators: [TrafficGenerator], seed: UInt64) {
        self.generators = generators
        streams = generators.indices.map { RandomStream(seed: seed, name: "background.\($0)") }
        flowsStarted = Array(repeating: 0, count: generators.count)
    }

    /// Event argument: generator index in the high 32 bits, host (Poisson) or round (bursts) in the low.
    static func argument(_ generator: Int, _ detail: Int) -> UInt64 { UInt64(generator) << 32 | UInt64(UInt32(detail)) }

    public mutating func start(network: inout some Transport, scheduler: inout Scheduler) {
        for (g, generator) in generators.enumerated() {
            switch generator {
            case .poisson(_, _, _, let start, _):
                for host in network.topology.hosts.indices {
                    let first = start + interarrival(g, host: host, network: network)
                    scheduler.schedule(Kind.due.kind, for: .model, at: first, argument: Self.argument(g, host))
                }
            case .onOff(_, _, _, _, _, _, let start), .incastStorm(_, _, _, _, _, _, let start):
                scheduler.schedule(Kind.due.kind, for: .model, at: start, argument: Self.argument(g, 0))
            }
        }
    }

    public mutating func handle(_ event: Event, network: inout some Transport, scheduler: inout Scheduler) {
        let g = Int(event.argument >> 32)
        let detail = Int(UInt32(truncatingIfNeeded: event.argument))
        let now = scheduler.now
        switch generators[g] {
        case .poisson(_, let sizes, let trafficClass, _, let stop):
            guard now < stop else { return }
            let hosts = network.topology.hosts.count
            var destination = Int(streams[g].nextIndex(below: UInt64(hosts - 1)))
            if destination >= detail { destination += 1 }
            let bytes = max(1, Int64(sizes.value(atQuantile: streams[g].nextUnit()).rounded()))
            network.send(
                FlowRequest(
                    source: detail, destination: destination, bytes: bytes, start: now, trafficClass: trafficClass),
                scheduler: &scheduler)
            flowsStarted[g] += 1
            scheduler.schedule(
                Kind.due.kind, for: .model, at: now + interarrival(g, host: detail, network: network),
                argument: event.argument)
        case .onOff(let senders, let receiver, let bytes, let period, let rounds, let trafficClass, _),
            .incastStorm(let senders, let receiver, let bytes, let period, let rounds, let trafficClass, _):
            for sender in senders {
                network.send(
                    FlowRequest(
                        source: sender, destination: receiver, bytes: bytes, start: now, trafficClass: trafficClass),
                    scheduler: &scheduler)
                flowsStarted[g] += 1
            }
            if detail + 1 < rounds {
                scheduler.schedule(
                    Kind.due.kind, for: .model, at: now + period, argument: Self.argument(g, detail + 1))
            }
        }
    }

    /// Time to a host's next Poisson flow: exponential with mean (mean flow size × 8) / (load × link rate).
    mutating func interarrival(_ g: Int, host: Int, network: some Transport) -> SimTime {
        guard case .poisson(let load, let sizes, _, _, _) = generators[g] else { return .zero }
        let rate = Double(network.port(network.topology.uplink(ofHost: host).index).rate.bitsPerSecond)
        let meanSeconds = sizes.mean * 8 / (load * rate)
        return SimTime(secondsRounded: Distribution.exponential(mean: meanSeconds).sample(&streams[g]))
    }
}

extension TrafficGenerator {
    /// One line for `fabricsim info`.
    public var summary: String {
        switch self {
        case .poisson(let load, let sizes, let c, _, _):
            "Poisson flows at \(Int((load * 100).rounded())) % load, mean size \(ByteCount(Int64(sizes.mean))), class \(c)"
        case .onOff(let senders, let receiver, let bytes, let period, let bursts, let c, _):
            "\(bursts) synchronised bursts of \(ByteCount(bytes)) from \(senders.count) hosts to host \(receiver) every \(period), class \(c)"
        case .incastStorm(let senders, let receiver, let bytes, let period, let storms, let c, _):
            "\(storms) incast storms of \(senders.count) × \(ByteCount(bytes)) to host \(receiver) every \(period), class \(c)"
        }
    }
}
