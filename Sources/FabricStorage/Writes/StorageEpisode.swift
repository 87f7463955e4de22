import FabricKernel
import FabricTransport

/// A checkpoint's writes on a network of their own for a while: a synchronous checkpoint on the idle training
/// fabric (training waits), an upload on a separate storage network beside a training step, or the rest of an
/// upload the job waits for. A model for a `Simulator`; it stops when the checkpoint is durable.
public struct StorageEpisode<Network: Transport>: EventHandler, Sendable {
    public var network: Network
    public var traffic: StorageTraffic

    public init(network: Network, traffic: StorageTraffic) {
        self.network = network
        self.traffic = traffic
    }

    public mutating func start(scheduler: inout Scheduler) {
        traffic.start(network: &network, scheduler: &scheduler)
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        if EventKindOwner.network.owns(event.kind) {
            network.handle(event, scheduler: &scheduler)
        } else {
            traffic.handle(event, network: &network, scheduler: &scheduler)
            if traffic.isDurable { scheduler.requestStop() }
        }
    }

    /// Runs `traffic` on a fresh copy of `network` until it is durable or `limit` (on the episode's clock) comes,
    /// whichever is first; returns the traffic, cut at the end when it is not yet durable, the network as it
    /// ended, and the events handled.
    /// The run's `control` reaches inside: when it stops the episode, the traffic is cut where it stood.
    public static func run(
        _ traffic: StorageTraffic, on network: Network, until limit: SimTime = .max,
        control: RunControl = RunControl()
    )
        -> (traffic: StorageTraffic, network: Network, events: UInt64)
    {
        var simulator = Simulator(model: StorageEpisode(network: network, traffic: traffic))
        simulator.start()
        // The episode's clock starts at the traffic's origin on the job's clock.
        _ = control.run(&simulator, until: limit, origin: traffic.origin)
        var done = simulator.model.traffic
        if !done.isDurable {
            done.suspend(at: limit == .max ? simulator.scheduler.now : limit, network: simulator.model.network)
        }
        return (done, simulator.model.network, simulator.scheduler.eventsProcessed)
    }
}
