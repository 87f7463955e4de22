import Foundation

/// Student's t distribution: the quantile that turns a sample's standard error into a confidence interval for
/// its mean when the spread is itself estimated from the sample (a handful of seeds, not a known σ).
///
/// The CDF comes from the regularised incomplete beta function, P(T ≤ t) = 1 − I_x(ν/2, 1/2) / 2 for t ≥ 0 with
/// x = ν / (ν + t²) (Abramowitz and Stegun 26.7.1 with 26.5.27), evaluated by its continued fraction (A&S
/// 26.5.8) with the modified Lentz method; the quantile is found by bisection, which needs no derivative and
/// converges for every ν. Checked against the tables (ν = 1: 12.706; ν = 10: 2.228; ν → ∞: 1.960).
public enum StudentT {
    /// P(T ≤ t) with `degrees` degrees of freedom.
    public static func cdf(_ t: Double, degrees: Double) -> Double {
        precondition(degrees > 0)
        let x = degrees / (degrees + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: degrees / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The t with P(T ≤ t) = `p`, 0 < p < 1.
    public static func quantile(_ p: Double, degrees: Double) -> Double {
        precondition(p > 0 && p < 1 && degrees > 0)
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degrees: degrees) }
        var lo = 0.0
        var hi = 1.0
        while cdf(hi, degrees: degrees) < p { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if cdf(mid, degrees: degrees) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// I_x(a, b), by the continued fraction where it converges fast (x < (a + 1) / (a + b + 2)) and by the symmetry
    /// I_x(a, b) = 1 − I_{1−x}(b, a) elsewhere.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logPowers - logBeta
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of A&S 26.5.8, by the modified Lentz method.
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...500 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            c = 1 + even / c
            if abs(d) < tiny { d = tiny }
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            c = 1 + odd / c
            if abs(d) < tiny { d = tiny }
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }
}
