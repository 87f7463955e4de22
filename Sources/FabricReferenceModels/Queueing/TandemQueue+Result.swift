import FabricKernel
import FabricMetrics

extension TandemQueue {
    /// The measured figures beside the theory they should match, and the conservation check.
    public func result(now: SimTime) -> (metrics: ResultObject, checks: [ResultCheck]) {
        let measured = now - measuredStart
        let measuredSeconds = measured.seconds
        var metrics = ResultObject()
        let theoryMean = config.theoreticalMeanTimeInSystem
        let simMean = timeInSystem.mean?.seconds
        metrics["customers_measured"] = .integer(timeInSystem.count)
        metrics["mean_time_in_system_us"] = simMean.map { .double($0 * 1e6) } ?? .null
        metrics["theory_mean_time_in_system_us"] = .double(theoryMean * 1e6)
        for (label, p) in [("p50", 50.0), ("p99", 99.0), ("p99_9", 99.9)] {
            metrics["\(label)_time_in_system_us"] =
                timeInSystem.percentile(p).map { .double($0.seconds * 1e6) } ?? .null
            if let theory = config.theoreticalTimeInSystem(quantile: p / 100) {
                metrics["theory_\(label)_time_in_system_us"] = .double(theory * 1e6)
            }
        }
        metrics["max_time_in_system_us"] = timeInSystem.count > 0 ? .double(timeInSystem.maximum.seconds * 1e6) : .null

        // Little's law, L = λW, over the measured interval: the time-average population against the measured
        // throughput times the measured mean sojourn.
        if measuredSeconds > 0, let simMean {
            let population = populationArea.reduce(Int128(0), +)
            let meanPopulation = Double(population) / Double(measured.rawValue)
            let throughput = Double(timeInSystem.count) / measuredSeconds
            metrics["mean_customers_in_system"] = .double(meanPopulation)
            metrics["littles_law_lambda_w"] = .double(throughput * simMean)
            metrics["throughput_per_s"] = .double(throughput)
        }
        var stations: [ResultValue] = []
        for i in config.meanService.indices {
            var station = ResultObject()
            station["station"] = .integer(i + 1)
            station["mean_service_us"] = .double(config.meanService[i].seconds * 1e6)
            station["utilisation"] =
                measured.rawValue > 0 ? .double(Double(busyTime[i]) / Double(measured.rawValue)) : .null
            station["theory_utilisation"] = .double(config.utilisations[i])
            station["mean_customers"] =
                measured.rawValue > 0
                ? .double(Double(populationArea[i]) / Double(measured.rawValue)) : .null
            let rho = config.utilisations[i]
            station["theory_mean_customers"] = .double(rho / (1 - rho))
            stations.append(.object(station))
        }
        metrics["stations"] = .array(stations)

        let queued = queues.reduce(0) { $0 + Int64($1.count) }
        let conserved = entered == departed + queued
        let checks = [
            ResultCheck(
                name: "customer conservation", passed: conserved,
                detail: "entered \(entered) = departed \(departed) + in system \(queued)")
        ]
        return (metrics, checks)
    }
}
