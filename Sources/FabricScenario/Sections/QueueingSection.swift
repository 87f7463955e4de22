import FabricKernel
import FabricReferenceModels

/// `queueing:` — an M/M/1 queue, or a tandem of them: the model whose answers are known in closed form.
enum QueueingSection {
    /// Mean times are bounded so that exponential samples (rarely beyond 50 means) stay far inside the clock's
    /// 106 days.
    static let longestMean = SimTime.seconds(3600)

    static let interarrival = ScenarioKey<SimTime>(
        "interarrival", range: SimTime.picoseconds(1)...longestMean,
        meaning: "Mean time between arrivals, 1/λ; arrivals are a Poisson process.")
    static let service = ScenarioKey<[SimTime]>(
        "service", valid: "each 1ps to 3600s and < interarrival; 1 to 1000 stations",
        meaning:
            "Mean service time 1/μ of each station, in visiting order: one value for an M/M/1 queue, a list for a tandem.",
        validate: { times in
            if times.count > 1000 { return "at most 1000 stations" }
            return times.allSatisfy { $0 > .zero && $0 <= longestMean }
                ? nil : "service times from 1ps to \(longestMean)"
        })
    static let customers = ScenarioKey<Int64>(
        "customers", default: 1_000_000, range: 1...1_000_000_000_000,
        meaning: "Customers measured; the run ends when the last of them leaves.")
    static let warmup = ScenarioKey<Int64>(
        "warmup_customers", default: 10_000, range: 0...1_000_000_000_000,
        meaning: "Customers that leave before measuring starts, so the empty start does not bias the averages.")

    static let documentation = SectionDocumentation(
        path: "queueing",
        summary: "An M/M/1 queue (one station) or a tandem of single-server FIFO stations with Poisson arrivals and "
            + "exponential service. Its answers are known in closed form, so a run checks the kernel against theory.",
        keys: [interarrival.documentation, service.documentation, customers.documentation, warmup.documentation])

    static func read(_ reader: inout SectionReader) -> TandemQueueConfig? {
        let interarrival = reader.read(Self.interarrival)
        let service = reader.read(Self.service)
        let customers = reader.read(Self.customers)
        let warmup = reader.read(Self.warmup)
        guard let interarrival, let service, let customers, let warmup else { return nil }
        for (i, mean) in service.enumerated() where mean >= interarrival {
            let utilisation = Double(mean.rawValue) / Double(interarrival.rawValue)
            reader.reject(
                "service",
                "station \(i + 1)'s mean service \(mean) is not below the mean interarrival "
                    + "\(interarrival): utilisation \(utilisation) ≥ 1, so its queue grows without bound; expected a shorter service time"
            )
            return nil
        }
        return TandemQueueConfig(
            meanInterarrival: interarrival, meanService: service,
            customers: customers, warmupCustomers: warmup)
    }
}
