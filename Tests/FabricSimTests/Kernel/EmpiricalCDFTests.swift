import Testing

@testable import FabricKernel

/// The piecewise-linear CDF that flow-size distributions (WebSearch, Hadoop) are given as: exact quantiles at
/// and between the points, the mean of the interpolated distribution, and a precise refusal of anything that
/// is not a CDF.
@Suite("Random: empirical CDF")
struct EmpiricalCDFTests {
    private static let simple = try! EmpiricalCDF(points: [(0, 0), (10, 0.5), (30, 1)])

    @Test("quantiles at the points are the points' values", arguments: [(0.0, 0.0), (0.5, 10.0), (1.0, 30.0)])
    func atPoints(q: Double, value: Double) {
        #expect(Self.simple.value(atQuantile: q) == value)
    }

    @Test(
        "quantiles between points are exact linear interpolations",
        arguments: [
            (0.25, 5.0), (0.1, 2.0), (0.75, 20.0), (0.625, 15.0), (0.875, 25.0),
        ])
    func betweenPoints(q: Double, value: Double) {
        #expect(Self.simple.value(atQuantile: q) == value)
    }

    @Test("mass at the first value is an atom: every quantile up to its probability gives that value")
    func atomAtFirstValue() throws {
        let cdf = try EmpiricalCDF(points: [(100, 0.2), (200, 1)])
        #expect(cdf.value(atQuantile: 0) == 100)
        #expect(cdf.value(atQuantile: 0.2) == 100)
        #expect(cdf.value(atQuantile: 0.6) == 150)
        #expect(cdf.value(atQuantile: 1) == 200)
        #expect(cdf.mean == 140) // 0.2 × 100 + 0.8 × 150
    }

    @Test("a repeated value is an atom in the middle; a repeated probability is a gap with no mass")
    func atomsAndGaps() throws {
        let atom = try EmpiricalCDF(points: [(0, 0), (10, 0.5), (10, 0.8), (20, 1)])
        #expect(atom.value(atQuantile: 0.6) == 10)
        #expect(atom.value(atQuantile: 0.8) == 10)
        #expect(atom.value(atQuantile: 0.9) == 15)
        let gap = try EmpiricalCDF(points: [(1, 0.5), (5, 0.5), (6, 1)])
        #expect(gap.value(atQuantile: 0.5) == 1)
        #expect(gap.value(atQuantile: 0.75) == 5.5)
    }

    @Test("the inverse CDF never decreases, over a CDF with many points")
    func monotone() throws {
        let points = (0...50).map { i in (value: Double(i * i), probability: Double(i) / 50) }
        let cdf = try EmpiricalCDF(points: points)
        let values = (0...10_000).map { cdf.value(atQuantile: Double($0) / 10_000) }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(values.first == 0)
        #expect(values.last == 2_500)
    }

    @Test(
        "the mean is the integral of the quantile function",
        arguments: [
            [(0.0, 0.0), (10.0, 0.5), (30.0, 1.0)],
            [(100.0, 0.2), (200.0, 0.6), (1_000.0, 1.0)],
            [(1.0, 0.0), (1.0, 0.3), (4.0, 0.3), (9.0, 0.9), (100.0, 1.0)],
        ])
    func meanIsIntegral(points: [(Double, Double)]) throws {
        let cdf = try EmpiricalCDF(points: points.map { (value: $0.0, probability: $0.1) })
        // Midpoint rule over the quantile function; it is piecewise linear, so this converges fast.
        let steps = 200_000
        var integral = 0.0
        for k in 0..<steps { integral += cdf.value(atQuantile: (Double(k) + 0.5) / Double(steps)) }
        integral /= Double(steps)
        #expect(abs(cdf.mean - integral) < 1e-6 * max(1, abs(integral)), "mean \(cdf.mean), integral \(integral)")
    }

    @Test("the mean of the simple CDF is 0.5 × 5 + 0.5 × 20 = 12.5")
    func meanFormula() {
        #expect(Self.simple.mean == 12.5)
    }

    // MARK: Construction errors

    private static func problem(_ points: [(value: Double, probability: Double)]) -> EmpiricalCDF.Problem? {
        #expect(throws: EmpiricalCDF.Problem.self) { try EmpiricalCDF(points: points) }
    }

    @Test("fewer than two points is refused")
    func tooFewPoints() {
        #expect(Self.problem([]) == .tooFewPoints)
        #expect(Self.problem([(5, 1)]) == .tooFewPoints)
    }

    @Test("decreasing values are refused, naming the point")
    func valuesDecrease() {
        #expect(Self.problem([(0, 0), (10, 0.5), (9, 1)]) == .valuesDecrease(index: 2))
    }

    @Test("decreasing probabilities are refused, naming the point")
    func probabilitiesDecrease() {
        #expect(Self.problem([(0, 0.5), (10, 0.4), (20, 1)]) == .probabilitiesDecrease(index: 1))
    }

    @Test("a probability outside [0, 1], or not a number, is refused, naming the point")
    func probabilityOutOfRange() {
        #expect(Self.problem([(0, -0.1), (10, 1)]) == .probabilityOutOfRange(index: 0))
        #expect(Self.problem([(0, 0), (10, 1.5)]) == .probabilityOutOfRange(index: 1))
        #expect(Self.problem([(0, 0), (5, .nan), (10, 1)]) == .probabilityOutOfRange(index: 1))
    }

    @Test("a CDF that does not reach 1 is refused")
    func doesNotEndAtOne() {
        #expect(Self.problem([(0, 0), (10, 0.99)]) == .doesNotEndAtOne)
    }

    @Test("each problem's message says which point and what is expected")
    func messages() {
        #expect(EmpiricalCDF.Problem.tooFewPoints.description == "a CDF needs at least two points")
        #expect(EmpiricalCDF.Problem.valuesDecrease(index: 3).description == "point 3: values must not decrease")
        #expect(
            EmpiricalCDF.Problem.probabilitiesDecrease(index: 2).description
                == "point 2: cumulative probabilities must not decrease")
        #expect(
            EmpiricalCDF.Problem.probabilityOutOfRange(index: 0).description
                == "point 0: a cumulative probability must lie in [0, 1]")
        #expect(EmpiricalCDF.Problem.doesNotEndAtOne.description == "the last cumulative probability must be 1")
    }
}
