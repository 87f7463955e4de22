import FabricKernel
import FabricTopology
import FabricTransport

/// A schedule running on a fabric: the model of one collective (or of any graph of transfers and computes: a
/// pipeline's step in the tests) for a `Simulator`. Network events go to the network, the executor's to the
/// executor.
public struct CollectiveEpisode<Network: Transport>: EventHandler, Sendable {
    public var fabric: CollectiveFabric<Network>
    public var executor: ScheduleExecutor
    /// Faults, at times counted from the episode's start, and routing's convergence delay.
    public var faults: FaultSchedule?
    public var convergence: SimTime

    /// `durations`: per compute slot of `schedule`, its duration; `recordsOperations`: whether the executor keeps
    /// each operation's times, trigger and flow (`ScheduleExecutor.recordsOperations`).
    public init(
        fabric: CollectiveFabric<Network>, schedule: TransferSchedule, durations: [SimTime] = [],
        faults: FaultSchedule? = nil, convergence: SimTime = .zero, recordsOperations: Bool = true
    ) {
        self.fabric = fabric
        executor = ScheduleExecutor(schedule: schedule, durations: durations, recordsOperations: recordsOperations)
        self.faults = faults
        self.convergence = convergence
    }

    public mutating func start(scheduler: inout Scheduler) {
        if let faults, !faults.changes.isEmpty {
            fabric.network.scheduleFaults(faults, convergence: convergence, scheduler: &scheduler)
        }
        executor.start(fabric: &fabric, scheduler: &scheduler)
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        if EventKindOwner.network.owns(event.kind) {
            fabric.network.handle(event, scheduler: &scheduler)
        } else {
            executor.handle(event, fabric: &fabric, scheduler: &scheduler)
        }
    }

    /// Runs an episode to the end (no events left), or until the run's `control` stops it, and returns it with
    /// the number of events it took.
    public static func run(_ episode: Self, control: RunControl = RunControl(), origin: SimTime = .zero)
        -> (episode: Self, events: UInt64)
    {
        var simulator = Simulator(model: episode)
        simulator.start()
        _ = control.run(&simulator, origin: origin)
        return (simulator.model, simulator.scheduler.eventsProcessed)
    }
}
