import FabricMetrics
import FabricSweep
import Foundation
import Testing

/// The sweep's summary views on a grid whose figures are known: the side-by-side tables, the terminal table and
/// sweep.html.
@Suite("Sweep summary views")
struct SweepPageTests {
    /// spines × fabric, two seeds; each run's stall is spines + (roce ? 10 : 0) + seed offset (0 or 1), pauses only
    /// on RoCE, credit stalls only on InfiniBand.
    static var summary: SweepSummary {
        let grid = SweepGrid(
            scenario: "s", sets: [],
            axes: [
                SweepAxis(key: "topology.spines", values: ["2", "4"]),
                SweepAxis(key: "fabric", values: ["infiniband", "roce"]),
            ],
            seeds: [1, 2])
        var records: [SweepRecord] = []
        for point in grid.points {
            let spines = Double(grid.axes[0].values[point.valueIndices[0]])!
            let roce = point.valueIndices[1] == 1
            for seed in grid.seeds {
                let stall = spines + (roce ? 10 : 0) + Double(seed - 1)
                records.append(
                    SweepRecord(
                        point: point.index, seed: seed, checksPassed: true,
                        values: [
                            "steps": 3, "stall_p99_ms": .double(stall),
                            "pause_frames": .integer(roce ? 100 * Int(seed) : 0),
                            "credit_stall_us": .double(roce ? 0 : 5),
                        ]))
            }
        }
        return SweepSummary(grid: grid, shard: nil, records: records)
    }

    @Test("fabrics side by side: one table per value of the other axes, one column per fabric, the seeds' means")
    func sideBySide() throws {
        let comparison = try #require(FabricComparison(Self.summary))
        #expect(comparison.fabrics == ["infiniband", "roce"])
        #expect(comparison.shown.map(\.metric) == ["stall_p99_ms", "pause_frames", "credit_stall_us"])
        #expect(comparison.groups.map(\.label) == ["topology.spines=2", "topology.spines=4"])
        let spines4 = comparison.groups[1].cells
        #expect(spines4[0].map { $0?.mean } == [4.5, 14.5]) // stall: (4 + 5) / 2, (14 + 15) / 2
        #expect(spines4[1].map { $0?.mean } == [0, 150]) // pauses: RoCE only
        #expect(spines4[2].map { $0?.mean } == [5, 0]) // credit stalls: InfiniBand only
        // Two seeds one apart: half width t(0.975, 1) · 0.7071 / √2 = 12.706 / 2.
        #expect(abs(spines4[0][0]!.halfWidth! - 12.7062 / 2) < 1e-3)
        #expect(
            FabricComparison(
                SweepSummary(grid: SweepGrid(scenario: "s", sets: [], axes: [], seeds: [1]), shard: nil, records: []))
                == nil)
    }

    @Test("the terminal table shows the figures that moved, not the constant ones")
    func terminal() {
        let text = Self.summary.terminalText()
        let header = text.split(separator: "\n")[0]
        #expect(header.contains("stall_p99_ms") && header.contains("pause_frames"))
        #expect(!header.contains("steps"))
        #expect(text.contains("fabrics side by side · topology.spines=4"))
    }

    @Test("sweep.html: self-contained, a line per fabric against the numeric axis, a whisker per point with seeds")
    func page() {
        let html = SweepPage.html(Self.summary)
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("<h2>Fabrics side by side</h2>") && html.contains("<h2>Summary</h2>"))
        #expect(html.contains("fabric=infiniband") && html.contains("fabric=roce"))
        // stall_p99_ms and pause_frames move (credit_stall_us too, by fabric): 3 charts × 4 points, each with an interval.
        #expect(html.components(separatedBy: "class=\"whisker\"").count - 1 == 3 * 4)
        #expect(html.contains("p0003-topology.spines=4-fabric=roce/seed-1/report.html"))
    }
}
