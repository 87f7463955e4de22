import FabricCollectives
import FabricKernel
import FabricStorage
import FabricTransport

/// The checkpoints of a training run: when they are taken, how long training stands still for them, and the
/// upload of an asynchronous one carried from step to step.
///
/// A synchronous checkpoint is written on a fresh copy of the idle network (training has stopped, so nothing
/// else is on it) and the next step starts when it is durable. An asynchronous one stops training for the
/// device-to-host snapshot; its upload then runs beside the following steps — inside each step's episode on a
/// converged fabric, competing with the all-reduces, or in an episode of its own on the separate storage network
/// over the same span — and is cut at each step's end and carried into the next (`StorageTraffic.suspend`). A
/// checkpoint due while the previous upload is still running waits for it (as `async_save` callers wait on the
/// previous future), and so does the end of the job. Docs: docs/storage.md.
public struct TrainingCheckpoints<Network: Transport>: Sendable {
    public let policy: CheckpointPolicy
    public let storage: StorageConfig
    public let fabric: StorageFabric
    public let goodput: GoodputSettings?
    /// A separate design's front-end network, copied fresh for each of its episodes; nil when converged.
    let frontEnd: Network?
    let writers: [StorageTraffic.Writer]
    /// The job's ranks.
    let ranks: Int
    /// Seeds the goodput study's failures.
    let seed: UInt64
    /// The asynchronous upload in progress.
    public private(set) var upload: StorageTraffic?
    public private(set) var records: [CheckpointRecord] = []
    /// Per step: whether an upload ran beside it.
    public private(set) var overlapped: [Bool] = []
    /// Events handled in the checkpoints' own episodes (synchronous writes, waits, the separate network).
    public private(set) var events: UInt64 = 0
    /// The ports of the checkpoints' own episodes, summed: on a converged fabric those of the synchronous writes
    /// and of the waits (the steps' ports hold the uploads beside them), on a separate network all of its traffic.
    public private(set) var ports: PortTotals
    /// Why an episode went wrong, if one did.
    public private(set) var failures: [String] = []
    /// The run's control, which the storage episodes answer to (the training run's own).
    var control = RunControl()

    public init(
        policy: CheckpointPolicy, storage: StorageConfig, fabric: StorageFabric, goodput: GoodputSettings?,
        members: [Int], network config: NetworkConfig, seed: UInt64
    ) {
        self.policy = policy
        self.storage = storage
        self.fabric = fabric
        self.goodput = goodput
        frontEnd =
            fabric.isConverged
            ? nil : Network(topology: fabric.topology, config: config, seed: seed, classes: storage.trafficClass + 1)
        ports = PortTotals(ports: fabric.topology.ports.count, fidelity: Network.fidelity)
        ranks = members.count
        self.seed = seed
        writers = StorageTraffic.writers(
            shards: policy.shards(ranks: members.count), members: members, fabric: fabric, config: storage)
    }

    /// The upload to run inside the next step's episode: only on a converged fabric.
    var uploadInStep: StorageTraffic? { fabric.isConverged ? upload : nil }

    /// A step of `length` has run, with `traffic` as the converged step's episode left the upload: keeps it, or
    /// runs the upload over the same span on the separate network.
    mutating func stepRan(length: SimTime, upload traffic: StorageTraffic?) {
        overlapped.append(upload != nil)
        if fabric.isConverged {
            upload = traffic
        } else if let current = upload, let frontEnd {
            let run = StorageEpisode.run(current, on: frontEnd, until: length, control: control)
            events += run.events
            ports.add(run.network)
            check(run.network, "an upload beside step \(overlapped.count - 1)")
            upload = run.traffic
        }
        settleIfDurable()
    }

    /// After step `step`, ending at job time `end`: takes a checkpoint if one is due and returns how long
    /// training stands still for it.
    mutating func afterStep(_ step: Int, end: SimTime, steps: Int, network template: Network) -> SimTime {
        let last = step + 1 == steps
        guard policy.isDue(afterStep: step, now: end, lastStart: records.last?.start) else {
            // The job ends when its last upload is durable.
            return last ? waitForUpload(at: end, template) : .zero
        }
        let waited = waitForUpload(at: end, template)
        let begin = end + waited
        var traffic = StorageTraffic(config: storage, serverHosts: fabric.serverHosts, writers: writers, start: begin)
        var record = CheckpointRecord(
            index: records.count, afterStep: step, start: end, waited: waited, writeStart: begin,
            bytes: traffic.bytes)
        switch policy.mode {
        case .synchronous:
            traffic = write(traffic, template)
            record.stall += (traffic.durableAt ?? cut(or: begin)) - begin
            records.append(record)
            upload = traffic
            settleIfDurable()
        case .asynchronous:
            let snapshot = policy.snapshotTime(ranks: ranks)
            record.stall += snapshot
            record.writeStart = begin + snapshot
            records.append(record)
            upload = StorageTraffic(
                config: storage, serverHosts: fabric.serverHosts, writers: writers, start: begin + snapshot)
            if last { records[record.index].stall += waitForUpload(at: begin + snapshot, template) }
        }
        return records[record.index].stall
    }

    /// Finishes the upload in progress alone, from job time `time`; returns the wait.
    mutating func waitForUpload(at time: SimTime, _ template: Network) -> SimTime {
        guard let traffic = upload else { return .zero }
        let done = write(traffic, template)
        upload = done
        settleIfDurable()
        return max(.zero, (done.durableAt ?? cut(or: time)) - time)
    }

    /// Runs `traffic` to durability on a fresh copy of its network.
    mutating func write(_ traffic: StorageTraffic, _ template: Network) -> StorageTraffic {
        let run = StorageEpisode.run(traffic, on: frontEnd ?? template, control: control)
        events += run.events
        ports.add(run.network)
        check(run.network, "checkpoint \(records.count)")
        if !run.traffic.isDurable, !control.stopped {
            failures.append("checkpoint \(records.count): the write did not complete")
        }
        return run.traffic
    }

    /// When a write that is not durable ended, on the job's clock: where the run's stop conditions cut it, or `time`.
    func cut(or time: SimTime) -> SimTime {
        control.stoppedAt.map { max($0, time) } ?? time
    }

    mutating func check(_ network: Network, _ what: String) {
        if !network.conservation.passed { failures.append("\(what): \(network.conservation.detail)") }
    }

    /// Closes the record of the upload once it is durable.
    mutating func settleIfDurable() {
        guard let traffic = upload, let durable = traffic.durableAt, let i = records.indices.last else { return }
        records[i].durable = durable
        records[i].bytesPerServer = traffic.bytesPerServer
        records[i].lastWrittenPerServer = traffic.lastWrittenPerServer
        records[i].stepsOverlapped = overlapped.count - 1 - records[i].afterStep
        upload = nil
    }
}
