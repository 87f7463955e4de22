import FabricKernel

/// PHOLD (Fujimoto, "Performance of Time Warp under synthetic workloads", 1990): the standard synthetic
/// benchmark of discrete-event kernels. A fixed population of events moves among entities; handling one
/// schedules exactly one more, after `lookahead` plus an exponential delay, at a uniformly random entity.
/// Nearly all of its cost is the pending-event set, which is why it measures a kernel.
public struct PHOLDConfig: Sendable, Equatable {
    public var entities: Int
    /// Events pending at all times (the population).
    public var population: Int
    /// Mean of the exponential part of each delay.
    public var meanDelay: SimTime
    /// A fixed minimum added to every delay (0 in the classic benchmark).
    public var lookahead: SimTime

    public init(entities: Int, population: Int, meanDelay: SimTime, lookahead: SimTime = .zero) {
        self.entities = entities
        self.population = population
        self.meanDelay = meanDelay
        self.lookahead = lookahead
    }

    /// The steady-state event rate, in events per simulated second: the population over the mean delay.
    public var theoreticalEventRate: Double {
        Double(population) / (lookahead.seconds + meanDelay.seconds)
    }
}
