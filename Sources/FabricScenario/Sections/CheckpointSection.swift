import FabricKernel
import FabricStorage
import FabricTopology
import FabricWorkload

public enum ShardingChoice: String, ScenarioChoice {
    case sharded
    case replica
}

public enum CheckpointModeChoice: String, ScenarioChoice {
    case synchronous
    case asynchronous
}

/// `checkpoint:` and `failures:` — what a training job writes, when and how, and the failures its goodput study
/// assumes; with `storage:` beside a workload. Definitions and sources: docs/storage.md.
enum CheckpointSection {
    static let parameters = ScenarioKey<Int64>(
        "parameters", range: 1...1_000_000_000_000_000,
        meaning: "Model parameters; a checkpoint holds parameters × bytes_per_parameter.")
    static let bytesPerParameter = ScenarioKey<Int64>(
        "bytes_per_parameter", default: CheckpointPolicy.defaultBytesPerParameter, range: 1...64,
        meaning:
            "Bytes saved per parameter: 16 for mixed-precision Adam (16-bit weights and gradients, fp32 master weights, momentum and variance; ZeRO, SC 2020)."
    )
    static let sharding = ScenarioKey<ShardingChoice>(
        "sharding", default: .sharded,
        meaning:
            "sharded: every data-parallel rank writes an equal share; replica: one rank per model replica (rank 0 of this data-parallel job) writes it all."
    )
    static let everySteps = ScenarioKey<Int64>(
        "every_steps", defaultText: "none", range: 1...1_000_000,
        meaning: "Checkpoint after every this many steps (give this or every).")
    static let every = ScenarioKey<SimTime>(
        "every", defaultText: "none", range: SimTime.nanoseconds(1)...RunLimits.longestRun,
        meaning:
            "Checkpoint at the first step boundary at least this long after the previous checkpoint began (give this or every_steps)."
    )
    static let mode = ScenarioKey<CheckpointModeChoice>(
        "mode", default: .synchronous,
        meaning:
            "synchronous: training stops until the last byte is durable; asynchronous: it stops for the device-to-host snapshot, and the upload runs beside the next steps."
    )
    static let snapshot = ScenarioKey<Bandwidth>(
        "snapshot_bandwidth", default: CheckpointPolicy.defaultSnapshotBandwidth, range: StorageSection.rateRange,
        meaning: "Asynchronous: device-to-host copy rate of one GPU (PCIe Gen5 x16: about 50 GB/s achieved).")
    static let maximumBytes: Int64 = 1 << 50

    static let mtbf = ScenarioKey<SimTime>(
        "mtbf", defaultText: "3.09h unless gpu_failure_rate", range: SimTime.seconds(1)...SimTime.seconds(100 * 86_400),
        meaning:
            "The job's mean time between failures (exponential). Default: Llama 3's 16,384-GPU run, 419 interruptions in 54 days."
    )
    static let gpuRate = ScenarioKey<Double>(
        "gpu_failure_rate", defaultText: "none", range: 1e-12...1,
        meaning: "Instead of mtbf: failures per GPU-hour; the job's rate is this × its GPUs.")
    static let restart = ScenarioKey<SimTime>(
        "restart", default: .seconds(600), range: SimTime.zero...SimTime.seconds(86_400),
        meaning: "Time from a failure until training runs again (detect, reschedule, load the checkpoint).")
    static let lives = ScenarioKey<Int64>(
        "simulated_failures", default: 20_000, range: 100...10_000_000,
        meaning:
            "Failures the goodput study simulates for each interval (stratified draws, the same for every interval).")
    static let intervals = ScenarioKey<[SimTime]>(
        "intervals", defaultText: "61 from ⅛ to 8 × Young's", valid: "times",
        meaning: "Training time between checkpoints to compare in the goodput study.")

    static let documentation: [SectionDocumentation] = [
        SectionDocumentation(
            path: "checkpoint",
            summary:
                "Checkpoints of the workload, with a storage section: their size, who writes them, how often, and whether training waits for them. Reports each checkpoint's duration, bytes, write bandwidth per server and training stall, and the step stall and all-reduce time with and without an upload beside them.",
            keys: [
                parameters.documentation, bytesPerParameter.documentation, sharding.documentation,
                everySteps.documentation,
                every.documentation, mode.documentation, snapshot.documentation,
            ]),
        SectionDocumentation(
            path: "failures",
            summary:
                "The goodput study, beside a checkpoint section: failures over a long run, each losing the training since the last durable checkpoint plus a restart; goodput for the configured interval, and the best interval of a sweep beside Young's √(2·C·MTBF) and Daly's. Step time and checkpoint cost come from the packet-level run.",
            keys: [
                mtbf.documentation, gpuRate.documentation, restart.documentation, lives.documentation,
                intervals.documentation,
            ]),
    ]

    /// Reads `storage:`, `checkpoint:` and `failures:` beside a workload; returns the setup and the training topology
    /// to use (the training fabric with the storage servers added, when converged).
    static func read(_ reader: inout SectionReader, topology: Topology, ranks: Int) -> CheckpointSetup?? {
        let present = ["storage", "checkpoint", "failures"].filter(reader.contains)
        guard !present.isEmpty else { return .none }
        for (name, needs) in [("storage", "checkpoint"), ("checkpoint", "storage"), ("failures", "checkpoint")]
        where reader.contains(name) && !reader.contains(needs) {
            present.forEach { reader.declare($0) }
            reader.reject(name, "needs a \(needs) section beside it")
            return .some(nil)
        }
        // A section that is not a mapping is reported by `section` and reads as invalid.
        var storage: StorageConfig?
        if var storageReader = reader.section("storage") {
            storage = StorageSection.read(&storageReader)
            storageReader.finish()
            reader.attach(storageReader)
        }
        var policy: CheckpointPolicy?
        if var checkpointReader = reader.section("checkpoint") {
            policy = readPolicy(&checkpointReader, ranks: ranks)
            checkpointReader.finish()
            reader.attach(checkpointReader)
        }
        var goodput: GoodputSettings?? = .none
        if var failuresReader = reader.section("failures") {
            goodput = .some(readFailures(&failuresReader, gpus: ranks))
            failuresReader.finish()
            reader.attach(failuresReader)
        }
        guard let storage, let policy, goodput != .some(nil) else { return .some(nil) }
        do {
            let fabric = try StorageFabric(training: topology, config: storage)
            return CheckpointSetup(policy: policy, storage: storage, fabric: fabric, goodput: goodput.flatMap { $0 })
        } catch {
            reader.log.report(
                error.field.map { "storage.\($0)" } ?? "storage", at: reader.location(of: "storage"), error.description)
            return .some(nil)
        }
    }

    static func readPolicy(_ reader: inout SectionReader, ranks: Int) -> CheckpointPolicy? {
        let parameters = reader.read(Self.parameters)
        let bytes = reader.read(bytesPerParameter)
        let sharding = reader.read(Self.sharding)
        let steps = reader.readOptional(everySteps)
        let time = reader.readOptional(every)
        let mode = reader.read(Self.mode)
        let snapshot = reader.read(Self.snapshot)
        guard let parameters, let bytes, let sharding, steps != .some(nil), time != .some(nil), let mode, let snapshot
        else { return nil }
        let trigger: CheckpointPolicy.Trigger
        switch (steps.flatMap { $0 }, time.flatMap { $0 }) {
        case (let n?, nil): trigger = .steps(Int(n))
        case (nil, let t?): trigger = .interval(t)
        case (nil, nil):
            reader.reject("checkpoint", "says nothing of when to checkpoint; expected every_steps or every")
            return nil
        default:
            reader.reject(every.name, "is given with every_steps; expected one of them")
            return nil
        }
        let policy = CheckpointPolicy(
            parameters: parameters, bytesPerParameter: bytes, sharding: sharding == .sharded ? .sharded : .replica,
            trigger: trigger, mode: mode == .synchronous ? .synchronous : .asynchronous, snapshotBandwidth: snapshot)
        let (total, overflow) = parameters.multipliedReportingOverflow(by: bytes)
        guard !overflow, total <= maximumBytes else {
            reader.reject(
                Self.parameters.name,
                "makes a checkpoint of more than \(ByteCount(maximumBytes)); expected at most that")
            return nil
        }
        return policy
    }

    static func readFailures(_ reader: inout SectionReader, gpus: Int) -> GoodputSettings? {
        let mtbf = reader.readOptional(Self.mtbf)
        let rate = reader.readOptional(gpuRate)
        let restart = reader.read(Self.restart)
        let lives = reader.read(Self.lives)
        let intervals = reader.readOptional(Self.intervals)
        guard mtbf != .some(nil), rate != .some(nil), let restart, let lives, intervals != .some(nil) else {
            return nil
        }
        let failures: FailureModel
        switch (mtbf.flatMap { $0 }, rate.flatMap { $0 }) {
        case (_?, _?):
            reader.reject(gpuRate.name, "is given with mtbf; expected one of them")
            return nil
        case (nil, let r?): failures = FailureModel(perGPUHour: r, gpus: gpus, restart: restart.seconds)
        case (let m, nil):
            failures = FailureModel(mtbf: m?.seconds ?? FailureModel.llama3MTBFHours * 3600, restart: restart.seconds)
        }
        let grid = (intervals.flatMap { $0 } ?? []).map(\.seconds)
        if grid.contains(where: { $0 <= 0 }) {
            reader.reject(Self.intervals.name, "holds a zero interval; expected times above zero")
            return nil
        }
        return GoodputSettings(failures: failures, lives: Int(lives), intervals: grid)
    }
}
