import FabricCollectives
import FabricKernel
import FabricNetwork
import FabricTopology
import Foundation

/// One training step's communication on the fabric: the step's schedule (every bucket's all-reduce, gated by
/// the moments the ranks release their buckets), with background traffic and microbursts alongside while it
/// runs. A model for a `Simulator`; `TrainingRun` runs one per step.
struct TrainingEpisode: EventHandler, Sendable {
    var fabric: CollectiveFabric
    var executor: ScheduleExecutor
    /// (time, gate) pairs: when each rank releases each bucket.
    let openings: [(time: SimTime, gate: Int32)]
    let background: BackgroundTraffic?
    let microbursts: Microbursts?
    var stream: RandomStream
    let faults: FaultSchedule?
    let convergence: SimTime
    /// Flows the generators started.
    private(set) var backgroundFlows = 0

    /// From `ScheduleExecutor.Kind.firstModelKind` on (24 is the network's own background generator).
    enum Kind: UInt32 {
        case backgroundFlow = 32
        case microburst = 33
        var kind: EventKind { EventKind(rawValue: rawValue) }
    }

    init(fabric: CollectiveFabric, schedule: TransferSchedule, openings: [(time: SimTime, gate: Int32)],
         background: BackgroundTraffic?, microbursts: Microbursts?, stream: RandomStream,
         faults: FaultSchedule? = nil, convergence: SimTime = .zero) {
        self.faults = faults
        self.convergence = convergence
        self.fabric = fabric
        executor = ScheduleExecutor(schedule: schedule)
        self.openings = openings
        self.background = background
        self.microbursts = microbursts
        self.stream = stream
    }

    var hosts: Int { fabric.network.topology.hosts.count }

    /// Mean time between background flows over the whole fabric: each host offers load × its line rate.
    var backgroundGap: Double? {
        guard let background, background.load > 0, hosts >= 2 else { return nil }
        let rate = fabric.network.topology.port(fabric.network.topology.uplink(ofHost: 0)).rate
        let perHost = background.load * Double(rate.bitsPerSecond) / (Double(background.flowBytes) * 8)
        return 1 / (perHost * Double(hosts))
    }

    mutating func start(scheduler: inout Scheduler) {
        if let faults { fabric.network.scheduleFaults(faults, convergence: convergence, scheduler: &scheduler) }
        for (time, gate) in openings {
            scheduler.schedule(ScheduleExecutor.Kind.gateOpen.kind, for: executor.target, at: time, argument: UInt64(gate))
        }
        executor.start(fabric: &fabric, scheduler: &scheduler)
        if let gap = backgroundGap {
            scheduler.schedule(Kind.backgroundFlow.kind, for: ComponentID(0), after: SimTime(secondsRounded: -gap * log(1 - stream.nextUnit())))
        }
        if let microbursts, microbursts.senders >= 1, hosts >= 2 {
            scheduler.schedule(Kind.microburst.kind, for: ComponentID(0), after: microbursts.interval)
        }
    }

    mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        let kind = event.kind.rawValue
        if kind < PacketNetwork.NetworkEvent.firstForeignKind {
            fabric.network.handle(event, scheduler: &scheduler)
        } else if kind < ScheduleExecutor.Kind.firstModelKind {
            executor.handle(event, fabric: &fabric, scheduler: &scheduler)
        } else if !executor.isComplete {
            // The generators run while the step's communication does, and stop with it.
            switch Kind(rawValue: kind) {
            case .backgroundFlow:
                let source = Int(stream.nextIndex(below: UInt64(hosts)))
                var destination = Int(stream.nextIndex(below: UInt64(hosts - 1)))
                if destination >= source { destination += 1 }
                send(source, destination, background!.flowBytes, &scheduler)
                let gap = backgroundGap!
                scheduler.schedule(Kind.backgroundFlow.kind, for: ComponentID(0), after: SimTime(secondsRounded: -gap * log(1 - stream.nextUnit())))
            case .microburst:
                let bursts = microbursts!
                let receiver = Int(stream.nextIndex(below: UInt64(hosts)))
                for _ in 0..<min(bursts.senders, hosts - 1) {
                    var source = Int(stream.nextIndex(below: UInt64(hosts - 1)))
                    if source >= receiver { source += 1 }
                    send(source, receiver, bursts.bytes, &scheduler)
                }
                scheduler.schedule(Kind.microburst.kind, for: ComponentID(0), after: bursts.interval)
            case nil:
                preconditionFailure("not a training event: \(kind)")
            }
        }
    }

    mutating func send(_ source: Int, _ destination: Int, _ bytes: Int64, _ scheduler: inout Scheduler) {
        fabric.network.send(FlowRequest(source: source, destination: destination, bytes: bytes, start: scheduler.now), scheduler: &scheduler)
        backgroundFlows += 1
    }
}
