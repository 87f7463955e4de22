import FabricKernel
import FabricMetrics
import FabricStorage
import FabricTransport

/// The checkpoints' figures for the run summary. Definitions: docs/storage.md.
extension TrainingCheckpoints {
    /// Headline figures (`checkpoint`), the per-checkpoint and per-server tables, and the goodput study with its
    /// sweep, given the run's steps.
    func report(steps: [StepRecord]) -> (
        summary: ResultObject, checkpoints: [ResultValue], servers: [ResultValue],
        goodput: ResultObject?, sweep: [ResultValue]
    ) {
        let written = records.filter { $0.durable != nil }
        let writeTimes = written.compactMap { $0.writeDuration?.seconds }
        let stallTotal = records.reduce(SimTime.zero) { $0 + $1.stall }
        let stepTotal = steps.reduce(SimTime.zero) { $0 + $1.time }
        var m = ResultObject()
        m["mode"] = .string(policy.mode.rawValue)
        m["storage_network"] = .string(fabric.isConverged ? "converged" : "separate")
        m["checkpoints"] = .integer(records.count)
        m["checkpoints_durable"] = .integer(written.count)
        m["bytes_per_checkpoint"] = .integer(policy.bytes)
        m["writers"] = .integer(writers.count)
        m["write_time_mean_s"] =
            writeTimes.isEmpty ? .null : .double(writeTimes.reduce(0, +) / Double(writeTimes.count))
        m["write_time_max_s"] = writeTimes.max().map(ResultValue.double) ?? .null
        m["write_bandwidth_gbps"] =
            writeTimes.isEmpty
            ? .null
            : .double(Double(policy.bytes) * 8 / (writeTimes.reduce(0, +) / Double(writeTimes.count)) / 1e9)
        // The two ceilings: the media of every server, and their NICs (payload only).
        m["media_bound_s"] = .double(
            Double(policy.bytes) / (Double(storage.aggregateMediaBandwidth.bitsPerSecond) / 8)
                + storage.requestLatency.seconds)
        m["nic_bound_s"] = .double(Double(policy.bytes) * 8 / Double(storage.aggregateNICBandwidth.bitsPerSecond))
        if policy.mode == .asynchronous { m["snapshot_ms"] = .double(policy.snapshotTime(ranks: ranks).seconds * 1e3) }
        m["training_stall_s"] = .double(stallTotal.seconds)
        m["training_stall_mean_ms"] =
            records.isEmpty ? .null : .double(stallTotal.seconds * 1e3 / Double(records.count))
        m["waited_for_upload_s"] = .double(records.reduce(SimTime.zero) { $0 + $1.waitedForPrevious }.seconds)
        m["training_stall_fraction"] =
            stepTotal + stallTotal > .zero ? .double(stallTotal.seconds / (stepTotal + stallTotal).seconds) : .null
        // The steps an upload ran beside, against the others.
        let with = steps.filter { overlapped.indices.contains($0.step) && overlapped[$0.step] }
        let without = steps.filter { !(overlapped.indices.contains($0.step) && overlapped[$0.step]) }
        m["steps_with_upload"] = .integer(with.count)
        for (name, group) in [("with_upload", with), ("without_upload", without)] {
            var stall = TimeHistogram()
            var allReduce = TimeHistogram()
            for record in group {
                stall.record(record.stall)
                allReduce.record(record.communication)
            }
            m["step_stall_p99_\(name)_ms"] = stall.percentile(99).map { .double($0.seconds * 1e3) } ?? .null
            m["allreduce_mean_\(name)_ms"] = allReduce.mean.map { .double($0.seconds * 1e3) } ?? .null
            m["allreduce_p99_\(name)_ms"] = allReduce.percentile(99).map { .double($0.seconds * 1e3) } ?? .null
        }
        let table: [ResultValue] = records.map { r in
            var o = ResultObject()
            o["checkpoint"] = .integer(r.index)
            o["after_step"] = .integer(r.afterStep)
            o["start_s"] = .double(r.start.seconds)
            o["stall_ms"] = .double(r.stall.seconds * 1e3)
            o["waited_ms"] = .double(r.waitedForPrevious.seconds * 1e3)
            o["write_ms"] = r.writeDuration.map { .double($0.seconds * 1e3) } ?? .null
            o["durable_s"] = r.durable.map { .double($0.seconds) } ?? .null
            o["bytes"] = .integer(r.bytes)
            o["write_gbps"] = r.writeDuration.map { .double(Double(r.bytes) * 8 / $0.seconds / 1e9) } ?? .null
            o["steps_overlapped"] = .integer(r.stepsOverlapped)
            return .object(o)
        }
        let servers: [ResultValue] = (0..<storage.servers).map { s in
            let rates = written.compactMap {
                $0.writeBandwidthPerServer.indices.contains(s) ? $0.writeBandwidthPerServer[s] : nil
            }
            var o = ResultObject()
            o["server"] = .integer(s)
            o["bytes"] = .integer(
                written.reduce(Int64(0)) { $0 + ($1.bytesPerServer.indices.contains(s) ? $1.bytesPerServer[s] : 0) })
            o["write_gbps_mean"] =
                rates.isEmpty
                ? .null : .double(rates.reduce(0) { $0 + Double($1.bitsPerSecond) } / Double(rates.count) / 1e9)
            return .object(o)
        }
        let study = goodputStudy(steps: steps, writeTimes: writeTimes)
        return (m, table, servers, study?.summary, study?.sweep ?? [])
    }

    /// The goodput study with the step time and checkpoint cost this run measured.
    func goodputStudy(steps: [StepRecord], writeTimes: [Double]) -> (summary: ResultObject, sweep: [ResultValue])? {
        guard let goodput, !steps.isEmpty, !records.isEmpty else { return nil }
        let step = steps.reduce(0) { $0 + $1.time.seconds } / Double(steps.count)
        let upload = writeTimes.isEmpty ? 0 : writeTimes.reduce(0, +) / Double(writeTimes.count)
        let cost: Double
        let lag: Double
        let stall: @Sendable (Double) -> Double
        switch policy.mode {
        case .synchronous:
            let c = records.reduce(0) { $0 + $1.stall.seconds } / Double(records.count)
            (cost, lag, stall) = (c, 0, { _ in c })
        case .asynchronous:
            // The snapshot stops training; a checkpoint due before the previous upload is durable waits for it.
            let snapshot = policy.snapshotTime(ranks: ranks).seconds
            (cost, lag, stall) = (snapshot, upload, { interval in snapshot + max(0, upload - interval) })
        }
        let interval: Double =
            switch policy.trigger {
            case .steps(let n): Double(n) * step
            case .interval(let t): (t.seconds / step).rounded(.up) * step
            }
        let study = GoodputStudy(failures: goodput.failures, lives: goodput.lives, seed: seed, lag: lag, stall: stall)
        let grid = goodput.grid(cost: cost)
        let (estimates, best) = study.sweep(grid)
        let configured = study.estimate(interval: interval, lifetimes: study.lifetimes())
        var m = ResultObject()
        m["mtbf_h"] = .double(goodput.failures.mtbf / 3600)
        m["restart_s"] = .double(goodput.failures.restart)
        m["simulated_failures"] = .integer(goodput.lives)
        m["step_time_s"] = .double(step)
        m["checkpoint_cost_s"] = .double(cost)
        m["durability_lag_s"] = .double(lag)
        m["interval_s"] = .double(interval)
        m["goodput"] = .double(configured.goodput)
        m["lost_work_per_failure_s"] = .double(configured.lostPerFailure)
        m["best_interval_s"] = best.map { .double($0.interval) } ?? .null
        m["best_goodput"] = best.map { .double($0.goodput) } ?? .null
        m["young_interval_s"] = .double(CheckpointIntervalFormula.young(cost: cost, mtbf: goodput.failures.mtbf))
        m["daly_interval_s"] = .double(CheckpointIntervalFormula.daly(cost: cost, mtbf: goodput.failures.mtbf))
        let sweep: [ResultValue] = estimates.map { e in
            .object(
                ResultObject([
                    "interval_s": .double(e.interval), "goodput": .double(e.goodput),
                    "lost_work_per_failure_s": .double(e.lostPerFailure),
                    "checkpoint_fraction": .double(e.checkpointFraction), "lost_fraction": .double(e.lostFraction),
                    "restart_fraction": .double(e.restartFraction),
                ]))
        }
        return (m, sweep)
    }

    /// Every checkpoint written became durable and every storage episode conserved its packets.
    /// When the run's stop conditions ended the job early, its last checkpoint may not be durable yet: that is
    /// not a failure of the model, and the detail says so.
    var checks: [ResultCheck] {
        let settled = records.dropLast(control.stopped ? 1 : 0)
        let cut = control.stopped && records.last.map { $0.durable == nil } == true
        return [
            ResultCheck(
                name: "every checkpoint became durable",
                passed: failures.isEmpty && settled.allSatisfy { $0.durable != nil },
                detail: failures.first ?? "\(records.count) checkpoints of \(ByteCount(policy.bytes))"
                    + (cut ? "; the last was cut short by the run's stop conditions" : ""))
        ]
    }
}
