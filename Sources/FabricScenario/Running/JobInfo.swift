import FabricCollectives
import FabricKernel
import FabricTopology
import FabricTransport
import FabricWorkload

/// `fabricsim info` lines for the collective and training scenarios.
enum JobInfo {
    /// `faultClock`: how the faults' times are counted, for the faults line.
    static func network(_ spec: NetworkScenario, faultClock: String) -> [(String, String)] {
        var lines: [(String, String)] = [("fabric", spec.fabricDescription)]
        lines += TopologyFacts(spec.topology).lines
        let config = spec.network
        lines.append(("switching", "\(config.switching.rawValue), \(config.switchLatency) per switch"))
        lines.append(("flow control", config.flowControl.rawValue + (config.trimming ? ", packet trimming" : "")))
        lines.append(("load balancing", LoadBalancingInfo.text(config)))
        lines += TransportInfo.lines(spec)
        if !spec.faults.faults.isEmpty {
            lines.append(("faults", faultClock + ": " + spec.faults.faults.map(\.description).joined(separator: "; ")))
        }
        return lines
    }

    static func collective(_ spec: CollectiveScenario) -> [(String, String)] {
        var lines = network(spec.network, faultClock: "in every size's run, from its start")
        let ranks = spec.ranks ?? spec.network.topology.gpuCount
        let c = spec.spec
        lines.append(
            (
                "collective",
                "\(c.kind.rawValue), \(c.algorithm.rawValue)"
                    + (c.algorithm == .hierarchical ? " (\(c.interServer.rawValue) across servers)" : "")
                    + " over \(ranks) ranks, chunks of \(ByteCount(c.chunkBytes))"
                    + (c.channels.map { ", \($0) channels" } ?? "")
            ))
        lines.append(("sizes", spec.sizes.map { ByteCount($0).description }.joined(separator: " ")))
        lines.append(("busbw factor", ScenarioInfo.format(c.kind.busBandwidthFactor(ranks: ranks)) + " × algbw"))
        return lines
    }

    static func checkpoints(_ setup: CheckpointSetup, ranks: Int) -> [(String, String)] {
        let storage = setup.storage
        let policy = setup.policy
        let placement: String =
            switch storage.network {
            case .converged(.spread): "converged, NICs spread over the training leaves"
            case .converged(.dedicatedLeaves(let n)): "converged, on \(n) storage leaf\(n == 1 ? "" : "s") of their own"
            case .separate(let f): "separate front-end network, \(f.nicsPerServer) × \(f.nicRate) per GPU server"
            }
        var lines: [(String, String)] = [
            (
                "storage",
                "\(storage.servers) servers × \(storage.nicsPerServer) × \(storage.nicRate), media \(storage.mediaBandwidth) each, "
                    + "\(ByteCount(storage.cacheBytes)) cache, \(storage.requestLatency) a request; \(placement)"
            ),
            (
                "striping",
                "\(ByteCount(storage.stripeSize)) stripes over \(storage.stripeCount) servers, \(storage.requestsInFlight) requests in flight a writer"
            ),
        ]
        let when: String =
            switch policy.trigger {
            case .steps(let n): "every \(n) steps"
            case .interval(let t): "every \(t.roundedDescription)"
            }
        let shard = policy.shards(ranks: ranks).max() ?? 0
        lines.append(
            (
                "checkpoint",
                "\(ByteCount(policy.bytes)) (\(policy.parameters) parameters × \(policy.bytesPerParameter) B), \(policy.mode.rawValue), "
                    + "\(when), \(policy.sharding.rawValue): \(ByteCount(shard)) from the largest writer"
            ))
        let media = Double(policy.bytes) / (Double(storage.aggregateMediaBandwidth.bitsPerSecond) / 8)
        let nic = Double(policy.bytes) * 8 / Double(storage.aggregateNICBandwidth.bitsPerSecond)
        lines.append(
            ("write ceilings", "media \(ScenarioInfo.format(media)) s, storage NICs \(ScenarioInfo.format(nic)) s"))
        if let goodput = setup.goodput {
            lines.append(
                (
                    "failures",
                    "MTBF \(ScenarioInfo.format(goodput.failures.mtbf / 3600)) h, restart \(ScenarioInfo.format(goodput.failures.restart)) s"
                ))
        }
        return lines
    }

    static func training(_ spec: TrainingScenario) -> [(String, String)] {
        var lines = network(spec.network, faultClock: "on the job's clock, from its start")
        let job = spec.job
        let ranks = job.ranks ?? spec.network.topology.gpuCount
        let c = job.allReduce
        lines.append(("job", "\(ranks) data-parallel ranks, \(job.steps) steps"))
        lines.append(
            (
                "compute per step",
                "forward \(job.forward), backward \(job.backward), optimizer \(job.optimizer)"
                    + (job.jitter == .none ? "" : ", jitter \(job.jitter)")
            ))
        let buckets = job.bucketBytes
        lines.append(
            (
                "gradients",
                "\(ByteCount(job.gradientBytes)) in \(job.buckets) buckets of \(ByteCount(buckets[0])), all-reduced with \(c.algorithm.rawValue)"
                    + (c.algorithm == .hierarchical ? " (\(c.interServer.rawValue) across servers)" : "")
            ))
        for s in job.stragglers {
            lines.append(
                (
                    "straggler",
                    "rank \(s.rank) × \(ScenarioInfo.format(s.factor)) from step \(s.firstStep)"
                        + (s.lastStep.map { " to \($0)" } ?? "")
                        + (s.probability < 1 ? ", with probability \(ScenarioInfo.format(s.probability))" : "")
                ))
        }
        for generator in job.background { lines.append(("background", generator.summary + ", in every step")) }
        if let setup = spec.checkpointing { lines += checkpoints(setup, ranks: ranks) }
        // Compute-only step time without jitter: the rank with the largest straggler factor in step 0.
        let slowest = job.stragglers.filter { $0.covers(step: 0) && $0.probability >= 1 }.map(\.factor).max() ?? 1
        let ideal =
            SimTime(rawValue: Int64((Double((job.forward + job.backward).rawValue) * max(1, slowest)).rounded()))
            + job.optimizer
        lines.append(("compute-only step", "\(ideal.roundedDescription) without jitter"))
        return lines
    }
}
