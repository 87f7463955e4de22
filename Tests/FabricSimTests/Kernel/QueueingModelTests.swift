import Foundation
import Testing

@testable import FabricKernel
@testable import FabricMetrics
@testable import FabricReferenceModels

/// The queueing reference model against closed-form theory: M/M/1 (Kleinrock vol. 1 §3.2) and a Jackson
/// tandem network. Agreement checks the kernel's clock, event order and random streams end to end.
///
/// Sizes are chosen so each run is about a second in a debug build, with the theory several standard errors
/// inside the bound: over 8 seeds at 500,000 customers the M/M/1 mean error had a standard deviation of 0.3 %,
/// so at 200,000 it is about 0.5 % against a 2 % bound; the tandem's 0.55 % becomes about 0.8 % at 150,000
/// against 3 %.
@Suite("Reference models: queues agree with queueing theory")
struct QueueingModelTests {
    private struct Run {
        var config: TandemQueueConfig
        var model: TandemQueue
        var reason: StopReason
        var now: SimTime
        var metrics: ResultObject
        var checks: [ResultCheck]
    }

    private static func run(_ config: TandemQueueConfig, seed: UInt64) -> Run {
        var sim = Simulator(model: TandemQueue(config: config, seed: seed))
        sim.start()
        let reason = sim.run()
        let (metrics, checks) = sim.model.result(now: sim.scheduler.now)
        return Run(
            config: config, model: sim.model, reason: reason, now: sim.scheduler.now, metrics: metrics, checks: checks)
    }

    /// A number the result must contain.
    private static func number(_ value: ResultValue?, _ name: String) -> Double {
        guard let number = value?.doubleValue else {
            Issue.record("the result has no number '\(name)'")
            return .nan
        }
        return number
    }

    /// The per-station objects of a result.
    private static func stations(_ metrics: ResultObject) -> [ResultValue] {
        guard case .array(let stations) = metrics["stations"] else {
            Issue.record("the result has no 'stations' array")
            return []
        }
        return stations
    }

    private static func relativeError(_ measured: Double, _ theory: Double) -> Double { (measured - theory) / theory }

    /// λ = 0.5 per µs, μ = 1 per µs: ρ = 0.5, W = 1/(μ − λ) = 2 µs.
    private static let mm1 = TandemQueueConfig(
        meanInterarrival: .microseconds(2), meanService: [.microseconds(1)], customers: 200_000, warmupCustomers: 5_000)

    @Test(
        "M/M/1 at ρ = 0.5: mean time in system within 2 % of 1/(μ − λ), P99 within 4 % of ln(100)/(μ − λ), server busy ρ of the time",
        arguments: [1, 2] as [UInt64])
    func mm1AgainstTheory(seed: UInt64) throws {
        let run = Self.run(Self.mm1, seed: seed)
        #expect(run.reason == .finished)
        #expect(run.model.timeInSystem.count == 200_000)
        #expect(Self.mm1.theoreticalMeanTimeInSystem == 2e-6)

        let mean = run.model.timeInSystem.mean!.seconds
        let meanError = Self.relativeError(mean, 1 / (1e6 - 0.5e6))
        #expect(abs(meanError) < 0.02, "mean time in system \(mean * 1e6) µs, error \(meanError * 100) %")

        let p99 = run.model.timeInSystem.percentile(99)!.seconds
        let p99Theory = log(100.0) / (1e6 - 0.5e6)
        #expect(abs(Self.relativeError(p99, p99Theory)) < 0.04, "P99 \(p99 * 1e6) µs, theory \(p99Theory * 1e6) µs")
        #expect(abs(Self.relativeError(Self.mm1.theoreticalTimeInSystem(quantile: 0.99)!, p99Theory)) < 1e-12)

        // The result reports the same figures beside the theory.
        #expect(abs(Self.number(run.metrics["mean_time_in_system_us"], "mean_time_in_system_us") - mean * 1e6) < 1e-6)
        #expect(Self.number(run.metrics["theory_mean_time_in_system_us"], "theory_mean_time_in_system_us") == 2)

        let station = try #require(Self.stations(run.metrics).first, "the result has no station")
        let utilisation = Self.number(station["utilisation"], "utilisation")
        #expect(abs(utilisation - 0.5) < 0.01, "utilisation \(utilisation)")
        // Mean customers at the station: ρ/(1 − ρ) = 1.
        let customers = Self.number(station["mean_customers"], "mean_customers")
        #expect(abs(customers - 1) < 0.03, "mean customers \(customers)")
        // Little's law over the measured interval, up to the customers still inside at the end.
        let l = Self.number(run.metrics["mean_customers_in_system"], "mean_customers_in_system")
        let lambdaW = Self.number(run.metrics["littles_law_lambda_w"], "littles_law_lambda_w")
        #expect(abs(Self.relativeError(l, lambdaW)) < 0.005, "L \(l), λW \(lambdaW)")
        let throughput = Self.number(run.metrics["throughput_per_s"], "throughput_per_s")
        #expect(abs(Self.relativeError(throughput, 0.5e6)) < 0.01, "throughput \(throughput)")
        let allPassed = run.checks.allSatisfy { $0.passed }
        #expect(allPassed, "\(run.checks)")
    }

    @Test("customers are conserved at any moment: entered = departed + in system, and the check says so")
    func conservationMidRun() {
        let config = TandemQueueConfig(
            meanInterarrival: .microseconds(2), meanService: [.nanoseconds(1_900), .nanoseconds(1_800)],
            customers: 1_000_000, warmupCustomers: 100)
        var sim = Simulator(model: TandemQueue(config: config, seed: 3))
        sim.start()
        var sawCustomersInside = false
        for _ in 0..<20 {
            #expect(sim.run(budget: 997) == .eventBudget)
            let (_, checks) = sim.model.result(now: sim.scheduler.now)
            let conservation = checks.first { $0.name == "customer conservation" }
            #expect(conservation?.passed == true, "\(String(describing: conservation))")
            #expect(sim.model.enteredCount == sim.model.departedCount + sim.model.inSystem)
            if sim.model.inSystem > 0 { sawCustomersInside = true }
        }
        #expect(sawCustomersInside)
    }

    @Test("a 3-station tandem's mean sojourn is within 3 % of Σ 1/(μᵢ − λ), and each station is busy ρᵢ of the time")
    func tandemAgainstJackson() {
        // λ = 0.5/µs; services 1, 1.2 and 0.8 µs: ρ = 0.5, 0.6, 0.4; W = 2 + 3 + 1.333 µs.
        let config = TandemQueueConfig(
            meanInterarrival: .microseconds(2),
            meanService: [.microseconds(1), .nanoseconds(1_200), .nanoseconds(800)],
            customers: 150_000, warmupCustomers: 5_000)
        let theory = 1 / (1e6 - 0.5e6) + 1 / (1e6 / 1.2 - 0.5e6) + 1 / (1.25e6 - 0.5e6)
        #expect(abs(config.theoreticalMeanTimeInSystem - theory) < 1e-18)
        let run = Self.run(config, seed: 1)
        #expect(run.reason == .finished)
        let mean = run.model.timeInSystem.mean!.seconds
        #expect(
            abs(Self.relativeError(mean, theory)) < 0.03, "mean sojourn \(mean * 1e6) µs, theory \(theory * 1e6) µs")
        let stations = Self.stations(run.metrics)
        #expect(stations.count == 3)
        for (station, rho) in zip(stations, [0.5, 0.6, 0.4]) {
            let utilisation = Self.number(station["utilisation"], "utilisation")
            #expect(abs(utilisation - rho) < 0.015, "utilisation \(utilisation), theory \(rho)")
        }
        let allPassed = run.checks.allSatisfy { $0.passed }
        #expect(allPassed, "\(run.checks)")
        // No closed-form quantiles for a tandem.
        #expect(config.theoreticalTimeInSystem(quantile: 0.99) == nil)
    }

    @Test("changing the service times does not reshuffle the arrivals: each draws from its own stream")
    func arrivalsIndependentOfService() {
        func arrivals(service: [SimTime]) -> [Int64] {
            let config = TandemQueueConfig(
                meanInterarrival: .microseconds(2), meanService: service,
                customers: 1_000_000, warmupCustomers: 0)
            var sim = Simulator(model: TandemQueue(config: config, seed: 4))
            sim.start()
            // Customers that have entered by each 100 µs mark: the arrival process, sampled.
            return (1...50).map { k in
                _ = sim.run(until: .microseconds(100 * Int64(k)))
                return sim.model.enteredCount
            }
        }
        let base = arrivals(service: [.microseconds(1)])
        #expect(base.last! > 2_000)
        #expect(arrivals(service: [.nanoseconds(1_700)]) == base)
        #expect(arrivals(service: [.nanoseconds(500), .microseconds(1)]) == base)
    }

    @Test("the same seed gives the same run to the picosecond; another seed a different one")
    func reproducible() {
        let small = TandemQueueConfig(
            meanInterarrival: .microseconds(2), meanService: [.microseconds(1), .nanoseconds(1_500)],
            customers: 2_000, warmupCustomers: 100)
        let a = Self.run(small, seed: 9)
        let b = Self.run(small, seed: 9)
        let c = Self.run(small, seed: 10)
        #expect(a.now == b.now)
        #expect(a.metrics == b.metrics)
        #expect(a.now != c.now)
        #expect(a.model.timeInSystem.mean != c.model.timeInSystem.mean)
    }
}
