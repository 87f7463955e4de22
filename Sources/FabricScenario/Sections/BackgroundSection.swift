import FabricKernel
import FabricNetwork
import FabricTransport
import FabricWorkload

public enum GeneratorKind: String, ScenarioChoice {
    case poisson
    case onOff = "on-off"
    case incastStorm = "incast-storm"
}

public enum FlowSizeChoice: String, ScenarioChoice {
    case websearch
    case hadoop

    var distribution: EmpiricalCDF {
        self == .websearch ? FlowSizeDistributions.webSearch : FlowSizeDistributions.hadoop
    }
}

/// `background:` — traffic that shares the fabric with the job: Poisson flows with published size distributions,
/// synchronised on/off bursts, incast storms. A list; each item one generator.
enum BackgroundSection {
    static let kind = ScenarioKey<GeneratorKind>(
        "kind",
        meaning:
            "poisson: flows from every host at a target load; on-off: synchronised bursts; incast-storm: repeated incasts."
    )
    static let load = ScenarioKey<Double>(
        "load", default: 0.3, range: 0.0001...1.0,
        meaning: "Poisson: offered load per host, as a fraction of its link rate.")
    static let sizes = ScenarioKey<FlowSizeChoice>(
        "sizes", default: .websearch,
        meaning: "Poisson: flow-size distribution, WebSearch (DCTCP, SIGCOMM 2010) or Hadoop (Facebook, SIGCOMM 2015).")
    static let trafficClass = ScenarioKey<Int64>(
        "traffic_class", default: 1, range: 1...7,
        meaning: "The traffic class (priority) the flows use: 1 is the job's own; another gets its own queues.")
    static let start = ScenarioKey<SimTime>(
        "start", default: .zero, range: RunLimits.moments, meaning: "When the generator starts.")
    static let stop = ScenarioKey<SimTime>(
        "stop", default: .max, defaultText: "never", range: RunLimits.moments,
        meaning:
            "Poisson: when it stops starting flows. Without it (and without stop.time) a traffic scenario never ends and is refused; beside a workload the generator ends with each step."
    )
    static let senders = ScenarioKey<Int64>(
        "senders", default: 8, range: 1...100_000,
        meaning: "On-off and incast-storm: senders, hosts receiver + 1, + 2, … (wrapping).")
    static let receiver = ScenarioKey<Int64>(
        "receiver", default: 0, range: 0...100_000, meaning: "On-off and incast-storm: the receiving host.")
    static let bytes = ScenarioKey<ByteCount>(
        "bytes", default: ByteCount(64_000), range: ByteCount(1)...ByteCount(1_000_000_000_000),
        meaning: "On-off and incast-storm: bytes each sender sends per burst.")
    static let period = ScenarioKey<SimTime>(
        "period", default: .microseconds(100), range: SimTime.nanoseconds(1)...SimTime.seconds(3600),
        meaning: "On-off and incast-storm: time between bursts.")
    static let count = ScenarioKey<Int64>(
        "count", default: 10, range: 1...1_000_000, meaning: "On-off and incast-storm: number of bursts.")

    static let documentation = SectionDocumentation(
        path: "background[i]", summary: "A list of traffic generators sharing the fabric; each item has a `kind`.",
        keys: [
            kind.documentation, load.documentation, sizes.documentation, trafficClass.documentation,
            start.documentation, stop.documentation, senders.documentation, receiver.documentation,
            bytes.documentation, period.documentation, count.documentation,
        ])

    static func read(_ items: inout [SectionReader], hosts: Int?) -> [TrafficGenerator]? {
        var generators: [TrafficGenerator] = []
        var valid = true
        for i in items.indices {
            defer { items[i].finish() }
            guard let kind = items[i].read(Self.kind), let trafficClass = items[i].read(Self.trafficClass),
                let start = items[i].read(Self.start)
            else {
                valid = false
                continue
            }
            switch kind {
            case .poisson:
                guard let load = items[i].read(load), let sizes = items[i].read(sizes), let stop = items[i].read(stop)
                else {
                    valid = false
                    continue
                }
                generators.append(
                    .poisson(
                        load: load, sizes: sizes.distribution, trafficClass: Int(trafficClass), start: start, stop: stop
                    ))
            case .onOff, .incastStorm:
                let senders = items[i].read(senders)
                let receiver = items[i].read(receiver)
                let bytes = items[i].read(bytes)
                let period = items[i].read(period)
                let count = items[i].read(count)
                guard let senders, let receiver, let bytes, let period, let count else {
                    valid = false
                    continue
                }
                let total = hosts ?? Int(receiver + senders + 1)
                if receiver >= total || senders >= total {
                    items[i].reject(
                        receiver >= total ? "receiver" : "senders", "the topology has hosts 0 to \(total - 1)")
                    valid = false
                    continue
                }
                let list = (1...Int(senders)).map { (Int(receiver) + $0) % total }
                generators.append(
                    kind == .onOff
                        ? .onOff(
                            senders: list, receiver: Int(receiver), burstBytes: bytes.bytes, period: period,
                            bursts: Int(count),
                            trafficClass: Int(trafficClass), start: start)
                        : .incastStorm(
                            senders: list, receiver: Int(receiver), bytes: bytes.bytes, period: period,
                            storms: Int(count),
                            trafficClass: Int(trafficClass), start: start))
            }
        }
        return valid ? generators : nil
    }
}
