import FabricKernel
import FabricMetrics
import FabricTopology
import FabricTransport

/// A network driven by a fixed set of flows: the model behind traffic scenarios, benchmarks and the network's
/// physics tests.
public struct TrafficRun<Network: Transport>: EventHandler, Sendable {
    public var network: Network
    public let requests: [FlowRequest]
    public let faults: FaultSchedule?
    public let convergence: SimTime
    public var background: BackgroundTraffic
    /// The payload bytes the run is expected to deliver, its background's included (the scenario's estimate, set by
    /// the runner): what its progress counts delivered bytes against. Nil: it counts the traffic's completed flows.
    public var expectedPayloadBytes: Double?

    public init(
        network: Network, requests: [FlowRequest], faults: FaultSchedule? = nil, convergence: SimTime = .zero,
        background: [TrafficGenerator] = [], seed: UInt64 = 1
    ) {
        self.network = network
        self.requests = requests
        self.faults = faults
        self.convergence = convergence
        self.background = BackgroundTraffic(background, seed: seed)
    }

    public mutating func start(scheduler: inout Scheduler) {
        for request in requests { network.send(request, scheduler: &scheduler) }
        if let faults { network.scheduleFaults(faults, convergence: convergence, scheduler: &scheduler) }
        background.start(network: &network, scheduler: &scheduler)
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        if EventKindOwner.background.owns(event.kind) {
            background.handle(event, network: &network, scheduler: &scheduler)
        } else {
            network.handle(event, scheduler: &scheduler)
        }
    }
}
