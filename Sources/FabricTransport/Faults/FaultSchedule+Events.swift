import FabricKernel
import FabricTopology

extension FaultSchedule {
    /// Schedules an event of `kind` for the model (`ComponentID.model`) at the time of each change, with its index
    /// as argument: how both fidelities hear of their faults.
    public func scheduleChanges(_ kind: EventKind, scheduler: inout Scheduler) {
        for (i, change) in changes.enumerated() {
            scheduler.schedule(kind, for: .model, at: change.time, argument: UInt64(i))
        }
    }
}
