import FabricCollectives
import FabricNetwork
import FabricTopology
import FabricTransport
import FabricWorkload

extension Scenario {
    /// The sections that run communication over a topology instead of its `traffic:`.
    static let jobSections = ["collective", "workload"]

    /// Reads `collective:` or `workload:` beside a topology, or returns nil when the scenario has neither (it is
    /// then a packet-network scenario). `network` is what `readNetwork` made of the other sections.
    static func readJob(_ reader: inout SectionReader, network: NetworkScenario?) -> (name: String, spec: ModelSpec?)? {
        let present = jobSections.filter(reader.contains)
        guard let first = present.first else { return nil }
        if reader.contains("traffic") {
            reader.reject(
                "traffic",
                "the \(first) section brings its own traffic; traffic belongs to a packet-network scenario (a workload shares the fabric with a background section instead)"
            )
        }
        if first == "collective", reader.contains("background") {
            reader.reject(
                "background",
                "a collective sweep runs each size alone on an idle fabric; background traffic goes with a workload or a traffic scenario"
            )
        }
        if present.count > 1 {
            reader.declare(present[1])
            reader.reject(
                present[1],
                "a scenario runs one model, but it defines collective and workload; expected only one of them")
        }
        // A job section that is not a mapping is reported by `section` and builds nothing.
        var spec: ModelSpec?
        if var section = reader.section(first) {
            if first == "collective" {
                spec = CollectiveSection.read(&section, network: network).map(ModelSpec.collective)
            } else {
                spec = WorkloadSection.read(&section, network: network).map(ModelSpec.training)
            }
            section.finish()
            reader.attach(section)
        }
        if first == "collective" {
            for name in checkpointSections where reader.contains(name) {
                reader.declare(name)
                reader.reject(
                    name, "checkpoints belong to a training job; expected a workload section instead of collective")
            }
            return (first, spec)
        }
        return (first, withCheckpoints(spec, &reader))
    }

    /// The sections of a workload's checkpoints.
    static let checkpointSections = ["storage", "checkpoint", "failures"]

    /// Adds the checkpoints of `storage:`, `checkpoint:` and `failures:` to a training scenario. On a converged
    /// design the job runs on the training fabric with the storage servers added, its faults resolved on it.
    static func withCheckpoints(_ spec: ModelSpec?, _ reader: inout SectionReader) -> ModelSpec? {
        guard case .training(var training)? = spec else {
            for name in checkpointSections where reader.contains(name) { reader.declare(name) }
            return spec
        }
        let ranks = training.job.ranks ?? training.network.topology.gpuCount
        switch CheckpointSection.read(&reader, topology: training.network.topology, ranks: ranks) {
        case .none: return spec
        case .some(nil): return nil
        case .some(let setup?):
            if setup.fabric.isConverged {
                do {
                    training.network.faults = try FaultSchedule(
                        training.network.faults.faults, in: setup.fabric.topology)
                } catch {
                    reader.log.report("faults", at: reader.location(of: "faults"), error.description)
                    return nil
                }
                training.network.topology = setup.fabric.topology
            }
            training.checkpointing = setup
            return .training(training)
        }
    }
}
