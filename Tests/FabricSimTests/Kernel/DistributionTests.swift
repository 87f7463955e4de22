import Foundation
import Testing

@testable import FabricKernel

/// Each distribution's samples have the mean, variance and shape its definition gives, within a few standard
/// errors over 200,000 draws from a fixed seed.
@Suite("Random: distributions match their moments and shape")
struct DistributionTests {
    private static let sampleCount = 200_000

    /// Sample mean and variance, with their standard errors estimated from the sample itself
    /// (var(mean) = s²/n; var(s²) ≈ (m4 − s⁴)/n, with m4 the fourth central moment).
    private struct Moments {
        var mean: Double
        var variance: Double
        var meanError: Double
        var varianceError: Double

        init(_ xs: [Double]) {
            let n = Double(xs.count)
            mean = xs.reduce(0, +) / n
            var m2 = 0.0
            var m4 = 0.0
            for x in xs {
                let d = (x - mean) * (x - mean)
                m2 += d
                m4 += d * d
            }
            variance = m2 / (n - 1)
            m4 /= n
            meanError = (variance / n).squareRoot()
            varianceError = ((m4 - variance * variance) / n).squareRoot()
        }
    }

    private static func samples(_ distribution: Distribution, seed: UInt64) -> [Double] {
        var stream = RandomStream(seed: seed, name: "tests.distributions")
        return (0..<sampleCount).map { _ in distribution.sample(&stream) }
    }

    /// `actual` lies within `k` standard errors of `expected`.
    private static func near(_ actual: Double, _ expected: Double, error: Double, k: Double = 4) -> Bool {
        abs(actual - expected) <= k * error
    }

    /// Standard error of an observed fraction with true probability p.
    private static func fractionError(_ p: Double) -> Double { (p * (1 - p) / Double(sampleCount)).squareRoot() }

    private static func fraction(_ xs: [Double], _ predicate: (Double) -> Bool) -> Double {
        Double(xs.count(where: predicate)) / Double(xs.count)
    }

    @Test("exponential(mean 2): mean 2, variance 4, P(X > mean) = 1/e, never negative")
    func exponential() {
        let xs = Self.samples(.exponential(mean: 2), seed: 1)
        let m = Moments(xs)
        #expect(Self.near(m.mean, 2, error: m.meanError), "mean \(m.mean) ± \(m.meanError)")
        #expect(Self.near(m.variance, 4, error: m.varianceError), "variance \(m.variance) ± \(m.varianceError)")
        let tail = Self.fraction(xs) { $0 > 2 }
        #expect(Self.near(tail, exp(-1), error: Self.fractionError(exp(-1))), "P(X > 2) = \(tail)")
        #expect(xs.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    @Test("normal(10, 3): mean 10, variance 9, 68.27 % within one standard deviation, symmetric")
    func normal() {
        let xs = Self.samples(.normal(mean: 10, standardDeviation: 3), seed: 2)
        let m = Moments(xs)
        #expect(Self.near(m.mean, 10, error: m.meanError), "mean \(m.mean) ± \(m.meanError)")
        #expect(Self.near(m.variance, 9, error: m.varianceError), "variance \(m.variance) ± \(m.varianceError)")
        let p1 = erf(1 / 2.0.squareRoot())
        let within = Self.fraction(xs) { abs($0 - 10) < 3 }
        #expect(Self.near(within, p1, error: Self.fractionError(p1)), "within one sd: \(within)")
        let p2 = erf(2 / 2.0.squareRoot())
        let withinTwo = Self.fraction(xs) { abs($0 - 10) < 6 }
        #expect(Self.near(withinTwo, p2, error: Self.fractionError(p2)), "within two sd: \(withinTwo)")
        let below = Self.fraction(xs) { $0 < 10 }
        #expect(Self.near(below, 0.5, error: Self.fractionError(0.5)), "below the mean: \(below)")
    }

    @Test("lognormal(mu 0, sigma 0.5): mean e^(sigma²/2), variance (e^(sigma²) − 1) e^(sigma²), median e^mu")
    func logNormal() {
        let sigma = 0.5
        let distribution = Distribution.logNormal(mu: 0, sigma: sigma)
        let xs = Self.samples(distribution, seed: 3)
        let m = Moments(xs)
        let mean = exp(sigma * sigma / 2)
        let variance = (exp(sigma * sigma) - 1) * exp(sigma * sigma)
        #expect(abs(distribution.mean - mean) < 1e-15)
        #expect(Self.near(m.mean, mean, error: m.meanError), "mean \(m.mean) ± \(m.meanError)")
        #expect(Self.near(m.variance, variance, error: m.varianceError), "variance \(m.variance) ± \(m.varianceError)")
        let below = Self.fraction(xs) { $0 < 1 }
        #expect(Self.near(below, 0.5, error: Self.fractionError(0.5)), "below the median: \(below)")
        #expect(xs.allSatisfy { $0 > 0 })
    }

    @Test("uniform(2, 5): every sample in [2, 5), mean 3.5, variance 0.75, flat over its range")
    func uniform() {
        let xs = Self.samples(.uniform(low: 2, high: 5), seed: 4)
        let m = Moments(xs)
        #expect(xs.allSatisfy { $0 >= 2 && $0 < 5 })
        #expect(Self.near(m.mean, 3.5, error: m.meanError), "mean \(m.mean) ± \(m.meanError)")
        #expect(Self.near(m.variance, 0.75, error: m.varianceError), "variance \(m.variance) ± \(m.varianceError)")
        let lowThird = Self.fraction(xs) { $0 < 3 }
        #expect(Self.near(lowThird, 1.0 / 3, error: Self.fractionError(1.0 / 3)), "below 3: \(lowThird)")
    }

    @Test("empirical: samples follow the interpolated CDF and average to its mean")
    func empirical() throws {
        let cdf = try EmpiricalCDF(points: [(100, 0.2), (200, 0.6), (1_000, 1)])
        let xs = Self.samples(.empirical(cdf), seed: 5)
        let m = Moments(xs)
        #expect(
            Self.near(m.mean, cdf.mean, error: m.meanError), "mean \(m.mean) ± \(m.meanError), CDF mean \(cdf.mean)")
        // An atom of 0.2 at the first value, and 0.4 of the mass in (100, 200].
        let atom = Self.fraction(xs) { $0 == 100 }
        #expect(Self.near(atom, 0.2, error: Self.fractionError(0.2)), "atom at 100: \(atom)")
        let lowSegment = Self.fraction(xs) { $0 > 100 && $0 <= 200 }
        #expect(Self.near(lowSegment, 0.4, error: Self.fractionError(0.4)), "in (100, 200]: \(lowSegment)")
        #expect(xs.allSatisfy { $0 >= 100 && $0 <= 1_000 })
    }

    @Test("a constant is always its value, and its stated mean")
    func constant() {
        var stream = RandomStream(seed: 6, name: "tests.distributions")
        #expect((0..<100).allSatisfy { _ in Distribution.constant(4.5).sample(&stream) == 4.5 })
        #expect(Distribution.constant(4.5).mean == 4.5)
    }

    @Test("the stated means are the closed forms")
    func statedMeans() throws {
        #expect(Distribution.uniform(low: 2, high: 5).mean == 3.5)
        #expect(Distribution.exponential(mean: 7).mean == 7)
        #expect(Distribution.normal(mean: -1, standardDeviation: 2).mean == -1)
        #expect(Distribution.logNormal(mu: 1, sigma: 0).mean == exp(1))
        let cdf = try EmpiricalCDF(points: [(0, 0), (10, 1)])
        #expect(Distribution.empirical(cdf).mean == 5)
    }

    @Test("a sample depends only on the stream's position: the same stream state gives the same draws")
    func samplingIsAPureFunctionOfTheStream() {
        let distributions: [Distribution] = [
            .exponential(mean: 1), .normal(mean: 0, standardDeviation: 1), .logNormal(mu: 0, sigma: 1),
            .uniform(low: 0, high: 1),
        ]
        for distribution in distributions {
            var a = RandomStream(seed: 77, name: "tests.distributions.pure")
            var b = a
            let first = (0..<100).map { _ in distribution.sample(&a) }
            let second = (0..<100).map { _ in distribution.sample(&b) }
            #expect(first == second, "\(distribution)")
        }
    }
}
