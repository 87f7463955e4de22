import FabricKernel
import FabricSweep
import Foundation
import Testing

/// The confidence intervals of a sweep's summary: Student's t against the printed tables, and intervals that
/// cover the true mean as often as they claim.
@Suite("Sweep statistics")
struct SweepStatisticsTests {
    @Test("t quantiles match the printed tables (two-sided 95 %: 12.706, 4.303, 2.776, 2.228, 2.042, 1.984; ∞: 1.960)")
    func tableValues() {
        let table: [(Double, Double)] = [
            (1, 12.706), (2, 4.303), (4, 2.776), (10, 2.228), (30, 2.042), (100, 1.984), (1e7, 1.960),
        ]
        for (degrees, expected) in table {
            let t = StudentT.quantile(0.975, degrees: degrees)
            #expect(abs(t - expected) < 0.0006, "ν = \(degrees): \(t)")
        }
        // 99 % one-sided, ν = 5: 3.365.
        #expect(abs(StudentT.quantile(0.99, degrees: 5) - 3.365) < 0.0006)
    }

    @Test("the t CDF is symmetric and the Cauchy distribution's at ν = 1 (1/2 + atan(t)/π)")
    func cdfShape() {
        for t in [-7.0, -1.5, -0.2, 0, 0.3, 2, 40] {
            #expect(abs(StudentT.cdf(t, degrees: 1) - (0.5 + atan(t) / .pi)) < 1e-12)
            #expect(abs(StudentT.cdf(t, degrees: 7) + StudentT.cdf(-t, degrees: 7) - 1) < 1e-12)
        }
        #expect(StudentT.quantile(0.025, degrees: 9) == -StudentT.quantile(0.975, degrees: 9))
    }

    @Test("mean and half width by hand: {1, 2, 3, 4} gives 2.5 ± 3.182 · 1.291 / 2")
    func byHand() {
        let interval = MeanInterval([1, 2, 3, 4])
        #expect(interval.count == 4)
        #expect(interval.mean == 2.5)
        let s = (5.0 / 3).squareRoot()
        #expect(abs(interval.halfWidth! - 3.182446 * s / 2) < 1e-5)
        #expect(MeanInterval([7]).mean == 7 && MeanInterval([7]).halfWidth == nil)
        #expect(MeanInterval([]).mean == nil)
    }

    @Test("95 % intervals from five normal draws cover the true mean in 95 % of 4,000 samples (±1 %)")
    func coverage() {
        var stream = RandomStream(seed: 11, name: "coverage")
        let normal = Distribution.normal(mean: 10, standardDeviation: 3)
        var covered = 0
        let samples = 4000
        for _ in 0..<samples {
            let interval = MeanInterval((0..<5).map { _ in normal.sample(&stream) })
            if let low = interval.low, let high = interval.high, low <= 10, 10 <= high { covered += 1 }
        }
        let fraction = Double(covered) / Double(samples)
        #expect(abs(fraction - 0.95) < 0.01, "coverage \(fraction)")
    }
}

/// A figure's interval stays inside the values the figure can take.
@Suite("Sweep statistics: bounds")
struct SweepBoundTests {
    @Test("a count's interval is clamped at zero, a fraction's at one; the half width is the unclamped t·s/√n")
    func clamped() {
        let counts = [0.0, 0, 0, 0, 900]
        let free = MeanInterval(counts)
        let bounded = MeanInterval(counts, bound: .nonNegative)
        #expect(free.low! < 0)
        #expect(bounded.low == 0)
        #expect(bounded.high == free.high && bounded.halfWidth == free.halfWidth && bounded.mean == 180)
        let fractions = MeanInterval([0.99, 0.97, 0.999], bound: .fraction)
        #expect(fractions.high == 1 && fractions.low! > 0)
    }

    @Test("bounds follow the naming rules: fractions, counts, units; anything else is free")
    func inferred() {
        #expect(MetricBound(metric: "exposed_communication_fraction", values: [.double(0.1)]) == .fraction)
        #expect(MetricBound(metric: "pause_frames", values: [.int(0), .null, .int(3)]) == .nonNegative)
        #expect(MetricBound(metric: "stall_p99_ms", values: [.double(0.3)]) == .nonNegative)
        #expect(MetricBound(metric: "slowdown_p99", values: [.double(1.5)]) == .nonNegative)
        #expect(MetricBound(metric: "littles_law_lambda_w", values: [.double(2.0)]) == .unbounded)
        #expect(MetricBound(metric: "nothing_yet", values: [.null]) == .unbounded)
    }

    @Test(
        "sweep.csv and sweep.json never give a negative low end for a count (pause frames 0, 0, 0, 0, 900 over five seeds)"
    )
    func sweepFiles() throws {
        let grid = SweepGrid(scenario: "s", sets: [], axes: [], seeds: [1, 2, 3, 4, 5])
        let records = [0, 0, 0, 0, 900].enumerated().map { i, frames in
            SweepRecord(
                point: 0, seed: UInt64(i + 1), checksPassed: true, values: ["pause_frames": .int(Int64(frames))])
        }
        let summary = SweepSummary(grid: grid, shard: nil, records: records)
        let row = summary.csv.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
        let header = summary.csv.split(separator: "\n")[0].split(separator: ",").map(String.init)
        #expect(Double(row[header.firstIndex(of: "pause_frames_ci95_low")!]) == 0)
        #expect(Double(row[header.firstIndex(of: "pause_frames_ci95_high")!])! > 180)
        guard case .array(let points)? = summary.document["points"] else {
            Issue.record("no points")
            return
        }
        #expect(points.first?["summary"]?["pause_frames"]?["ci95_low"] == .double(0))
    }
}
