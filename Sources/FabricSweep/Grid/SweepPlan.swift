import FabricScenario

/// What a sweep runs: the scenario, its `--set`s, the grid of `--vary` axes, the seeds, and which shard of the
/// grid this process takes. Every point is validated before anything runs, so a bad value fails in a second,
/// not after hours of the points before it.
public struct SweepPlan: Sendable {
    public var scenarioPath: String
    /// The scenario's name, `--set`s, axes and seeds; every shard's points included.
    public var grid: SweepGrid
    public var shard: SweepShard
    /// The memory each run may use.
    public var limits: ResourceLimits
    /// The model the scenario runs (`training`, `network`, ...) and its headline figures (`output.metrics`), for
    /// the sweep's table.
    public var model: String
    public var headline: [String]

    /// The most runs (points × seeds) one sweep may hold. A run's record (its 10 to 30 headline figures, a few
    /// kilobytes) stays in memory until the summary is written, and `merge` holds every shard's: 200,000 runs is
    /// several hundred megabytes there and a sweep.json of the same order, beyond any grid worth one table.
    public static let maximumRuns = 200_000
    /// The most seeds per point.
    public static let maximumSeeds = 100_000

    /// One run of the sweep: a point at a seed.
    public struct Run: Sendable, Equatable {
        public var point: Int
        public var seed: UInt64
    }

    /// - Parameters:
    ///   - seedCount: seeds per point: the scenario's seed (or `baseSeed`) and the ones after it.
    ///   - baseSeed: `--seed`, replacing the scenario's.
    ///   - limits: the memory each run may use (`ScenarioLoader`), already shared among the sweep's workers.
    public init(
        scenarioPath: String, sets: [String], vary: [String], seedCount: Int, baseSeed: UInt64?,
        shard: SweepShard, limits: ResourceLimits = .machine()
    ) throws(SweepPlanError) {
        self.limits = limits
        var axes: [SweepAxis] = []
        for text in vary {
            let axis: SweepAxis
            do { axis = try SweepAxis(parsing: text) } catch { throw .input(error) }
            if let earlier = axes.first(where: { $0.key == axis.key }) {
                throw .input(
                    SweepInputError(
                        option: axis.option,
                        "\(axis.key) is already varied by \(earlier.option); give all its values in one --vary"))
            }
            if axis.key == "seed" {
                throw .input(
                    SweepInputError(
                        option: axis.option,
                        "the seed is not a grid axis; use --seeds N (and --seed to choose the first)"))
            }
            if let set = sets.first(where: { (try? Override(parsing: $0))?.path.joined(separator: ".") == axis.key }) {
                throw .input(
                    SweepInputError(option: axis.option, "\(axis.key) is also fixed by --set \(set); drop one of them"))
            }
            axes.append(axis)
        }
        guard seedCount >= 1, seedCount <= Self.maximumSeeds else {
            throw .input(
                SweepInputError(option: "--seeds \(seedCount)", "expected 1 to \(Self.maximumSeeds) seeds per point"))
        }
        var pointCount = 1
        for axis in axes {
            let (product, overflow) = pointCount.multipliedReportingOverflow(by: axis.values.count)
            pointCount = overflow ? Int.max : product
        }
        let (runs, overflow) = pointCount.multipliedReportingOverflow(by: seedCount)
        guard !overflow, runs <= Self.maximumRuns else {
            let sizes = axes.map { String($0.values.count) }.joined(separator: " × ")
            throw .input(
                SweepInputError(
                    option: "--vary",
                    "the grid has \(sizes.isEmpty ? "1" : sizes) points × \(seedCount) seeds = more than \(Self.maximumRuns) runs; split the question into smaller sweeps"
                ))
        }

        let base: Scenario
        do { base = try ScenarioLoader.load(path: scenarioPath, overrides: sets, seed: baseSeed, limits: limits) } catch
        { throw .scenario(error) }
        guard base.seed <= UInt64.max - UInt64(seedCount - 1) else {
            throw .input(
                SweepInputError(
                    option: "--seeds \(seedCount)",
                    "seeds from \(base.seed) would pass 2^64 - 1; choose a smaller --seed"))
        }
        self.scenarioPath = scenarioPath
        self.shard = shard
        model = base.model.name
        headline = base.output.metrics
        grid = SweepGrid(
            scenario: base.name, sets: sets, axes: axes, seeds: (0..<UInt64(seedCount)).map { base.seed + $0 })
        try validatePoints()
    }

    /// Every run of the grid, point by point, seeds in order: run r is point r ÷ seeds at its (r mod seeds)-th seed.
    public var allRuns: [Run] {
        grid.points.flatMap { point in grid.seeds.map { Run(point: point.index, seed: $0) } }
    }

    /// This shard's runs (`SweepShard`: run r belongs to shard r mod N), in grid order.
    public var runs: [Run] {
        allRuns.enumerated().filter { shard.contains(run: $0.offset) }.map(\.element)
    }

    /// The scenario of one run: loaded exactly as `fabricsim run SCENARIO --set ... --set key=value --seed N`
    /// would load it, so a sweep's run and the same run alone give the same bytes.
    public func scenario(for run: Run) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(
            path: scenarioPath, overrides: grid.sets + grid.points[run.point].overrides, seed: run.seed, limits: limits)
    }

    /// Loads every point once; reports every distinct problem, each naming the `--vary` it came from.
    private func validatePoints() throws(SweepPlanError) {
        var seen = Set<String>()
        var diagnostics: [ScenarioDiagnostic] = []
        let axes = grid.axes
        for point in grid.points {
            do {
                _ = try ScenarioLoader.load(path: scenarioPath, overrides: grid.sets + point.overrides, limits: limits)
            } catch {
                for var diagnostic in error.diagnostics {
                    if case .commandLine(let text)? = diagnostic.location,
                        let axis = axes.indices.first(where: { point.overrides[$0] == text })
                    {
                        diagnostic.location = .commandLine(axes[axis].option)
                        diagnostic.message =
                            "value '\(axes[axis].values[point.valueIndices[axis]])': " + diagnostic.message
                    }
                    if seen.insert(diagnostic.description).inserted { diagnostics.append(diagnostic) }
                }
            }
        }
        guard diagnostics.isEmpty else { throw .scenario(ScenarioError(diagnostics)) }
    }
}

/// Why a sweep cannot start: a malformed option, or scenario errors (from the file, a `--set` or a `--vary`).
public enum SweepPlanError: Error, Sendable, CustomStringConvertible {
    case input(SweepInputError)
    case scenario(ScenarioError)

    public var description: String {
        switch self {
        case .input(let error): error.description
        case .scenario(let error): error.description
        }
    }
}
