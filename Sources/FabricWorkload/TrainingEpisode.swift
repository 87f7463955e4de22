import FabricCollectives
import FabricKernel
import FabricStorage
import FabricTopology
import FabricTransport

/// One training step on the fabric: the job's graph with the step's compute durations (every rank's compute and
/// every bucket's all-reduce), with the job's background traffic alongside while it runs. A model for a
/// `Simulator`; `TrainingRun` runs one per step.
struct TrainingEpisode<Network: Transport>: EventHandler, Sendable {
    var fabric: CollectiveFabric<Network>
    var executor: ScheduleExecutor
    var background: BackgroundTraffic
    let faults: FaultSchedule?
    let convergence: SimTime
    /// A checkpoint's upload sharing the fabric (converged storage), carried in and out by `TrainingRun`.
    var upload: StorageTraffic?

    init(
        fabric: CollectiveFabric<Network>, schedule: TransferSchedule, durations: [SimTime],
        background: BackgroundTraffic, faults: FaultSchedule? = nil, convergence: SimTime = .zero,
        upload: StorageTraffic? = nil
    ) {
        self.fabric = fabric
        executor = ScheduleExecutor(schedule: schedule, durations: durations)
        self.background = background
        self.faults = faults
        self.convergence = convergence
        self.upload = upload
    }

    mutating func start(scheduler: inout Scheduler) {
        if let faults { fabric.network.scheduleFaults(faults, convergence: convergence, scheduler: &scheduler) }
        executor.start(fabric: &fabric, scheduler: &scheduler)
        background.start(network: &fabric.network, scheduler: &scheduler)
        upload?.start(network: &fabric.network, scheduler: &scheduler)
    }

    mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        if EventKindOwner.network.owns(event.kind) {
            fabric.network.handle(event, scheduler: &scheduler)
        } else if EventKindOwner.background.owns(event.kind) {
            background.handle(event, network: &fabric.network, scheduler: &scheduler)
        } else if EventKindOwner.storage.owns(event.kind) {
            upload?.handle(event, network: &fabric.network, scheduler: &scheduler)
        } else {
            executor.handle(event, fabric: &fabric, scheduler: &scheduler)
            // The background runs while the step's communication does: a generator that never stops would
            // otherwise keep the episode going for ever. Its flows still in flight are counted as such. An upload
            // stops here too; `TrainingRun` takes it on to the step's end. Faults still to come belong to later
            // steps.
            if executor.isComplete, !background.generators.isEmpty || upload != nil || faults != nil {
                scheduler.requestStop()
            }
        }
    }
}
