import FabricKernel
import Foundation

/// A series of single-server FIFO stations fed by Poisson arrivals, every service time exponential: an M/M/1
/// queue when there is one station, a Jackson tandem network otherwise. Chosen because its answers are known in
/// closed form (Kleinrock, Queueing Systems vol. 1, 1975, §3.2; Jackson, Operations Research 5, 1957), so a run
/// checks the kernel's clock, ordering and random streams against theory.
public struct TandemQueueConfig: Sendable, Equatable {
    /// Mean time between external arrivals (1/λ).
    public var meanInterarrival: SimTime
    /// Mean service time of each station (1/μᵢ), in the order customers visit them.
    public var meanService: [SimTime]
    /// Customers whose departure is measured; the run stops after the last of them leaves.
    public var customers: Int64
    /// Customers that pass through before measuring starts, so the queue is past its empty start.
    public var warmupCustomers: Int64

    public init(meanInterarrival: SimTime, meanService: [SimTime], customers: Int64, warmupCustomers: Int64) {
        self.meanInterarrival = meanInterarrival
        self.meanService = meanService
        self.customers = customers
        self.warmupCustomers = warmupCustomers
    }

    /// λ in customers per second.
    public var arrivalRate: Double { 1 / meanInterarrival.seconds }

    /// ρᵢ = λ/μᵢ per station; the network is stable only if every one is below 1.
    public var utilisations: [Double] { meanService.map { $0.seconds / meanInterarrival.seconds } }

    /// Mean time in system W = Σ 1/(μᵢ − λ), in seconds: each station of a Jackson network behaves as an
    /// independent M/M/1 queue in steady state.
    public var theoreticalMeanTimeInSystem: Double {
        meanService.reduce(0) { total, service in total + 1 / (1 / service.seconds - arrivalRate) }
    }

    /// For one station, the sojourn time is exponential with rate μ − λ, so its p-quantile is −ln(1 − p)/(μ − λ).
    /// nil for a tandem (the sum of exponentials with different rates has no such short form).
    public func theoreticalTimeInSystem(quantile p: Double) -> Double? {
        guard meanService.count == 1 else { return nil }
        return -log(1 - p) * theoreticalMeanTimeInSystem
    }
}
