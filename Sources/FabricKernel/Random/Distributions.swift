import Foundation

/// A distribution of non-negative real values (durations in seconds, sizes in bytes, factors) that a model
/// samples from its own `RandomStream`.
///
/// An enum rather than a protocol: scenarios choose one by name, it is a value that copies freely, and a switch
/// is cheaper than a dynamic call on a hot path.
public enum Distribution: Sendable, Equatable {
    /// Always `value`.
    case constant(Double)
    /// Uniform on [low, high).
    case uniform(low: Double, high: Double)
    /// Exponential with the given mean (rate 1/mean), by inversion: −mean · ln(1 − U).
    case exponential(mean: Double)
    /// Normal with mean and standard deviation, by the Box–Muller transform (one output per two uniforms,
    /// nothing cached, so a draw depends only on the stream's position).
    case normal(mean: Double, standardDeviation: Double)
    /// exp(N(mu, sigma)): `mu` and `sigma` are the mean and standard deviation of the logarithm.
    case logNormal(mu: Double, sigma: Double)
    /// A piecewise-linear cumulative distribution, sampled by inversion.
    case empirical(EmpiricalCDF)

    public func sample(_ stream: inout RandomStream) -> Double {
        switch self {
        case .constant(let value):
            return value
        case .uniform(let low, let high):
            return low + (high - low) * stream.nextUnit()
        case .exponential(let mean):
            return -mean * log(1.0 - stream.nextUnit())
        case .normal(let mean, let sd):
            return mean + sd * Distribution.standardNormal(&stream)
        case .logNormal(let mu, let sigma):
            return exp(mu + sigma * Distribution.standardNormal(&stream))
        case .empirical(let cdf):
            return cdf.value(atQuantile: stream.nextUnit())
        }
    }

    /// The distribution's mean, where it has a closed form (used by reports and by tests).
    public var mean: Double {
        switch self {
        case .constant(let value): value
        case .uniform(let low, let high): (low + high) / 2
        case .exponential(let mean): mean
        case .normal(let mean, _): mean
        case .logNormal(let mu, let sigma): exp(mu + sigma * sigma / 2)
        case .empirical(let cdf): cdf.mean
        }
    }

    static func standardNormal(_ stream: inout RandomStream) -> Double {
        let u1 = 1.0 - stream.nextUnit() // (0, 1]: log is finite
        let u2 = stream.nextUnit()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }
}
