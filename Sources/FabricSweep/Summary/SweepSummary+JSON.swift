import FabricExport
import FabricKernel
import FabricMetrics

/// `sweep.json` (and each shard's `shards/shard-I-of-N.json`): the grid, then one entry per point with the
/// mean and confidence interval of every headline figure, and the runs' own figures from which `merge`
/// recomputes it all. Layout: docs/results-format.md.
extension SweepSummary {
    public static let schema = "fabricsim.sweep/1"

    public var document: ResultValue {
        let metrics = metrics
        var document = ResultObject()
        document["schema"] = .string(Self.schema)
        document["fabricsim_version"] = .string(FabricSimVersion.string)
        document["scenario"] = .string(grid.scenario)
        document["sets"] = .array(grid.sets.map { .string($0) })
        document["axes"] = .array(
            grid.axes.map { axis in
                .object(ResultObject(["key": .string(axis.key), "values": .array(axis.values.map { .string($0) })]))
            })
        document["seeds"] = .array(grid.seeds.map { .string(String($0)) })
        document["points_total"] = .integer(grid.points.count)
        document["shard"] = shard.map { .string($0.description) } ?? .null
        document["confidence_level"] = .double(MeanInterval.level)
        document["checks_passed"] = .bool(allChecksPassed)
        document["metrics"] = .array(metrics.map { .string($0) })
        document["points"] = .array(
            rows.map { row in
                var entry = ResultObject()
                entry["point"] = .integer(row.point.index)
                entry["directory"] = .string(row.point.directory)
                var parameters = ResultObject()
                for (axis, value) in zip(grid.axes, row.point.values(of: grid.axes)) {
                    parameters[axis.key] = .string(value)
                }
                entry["parameters"] = .object(parameters)
                entry["seeds"] = .integer(row.seeds)
                entry["checks_passed"] = .bool(row.checksPassed)
                var summary = ResultObject()
                for (name, figure) in zip(metrics, row.figures) {
                    summary[name] = .object(
                        ResultObject([
                            "n": .integer(figure.count), "mean": number(figure.mean), "ci95_low": number(figure.low),
                            "ci95_high": number(figure.high), "ci95_half_width": number(figure.halfWidth),
                        ]))
                }
                entry["summary"] = .object(summary)
                entry["runs"] = .array(
                    records.filter { $0.point == row.point.index }.map { record in
                        .object(
                            ResultObject([
                                "seed": .string(String(record.seed)), "checks_passed": .bool(record.checksPassed),
                                "values": .object(record.values),
                            ]))
                    })
                return .object(entry)
            })
        return .object(document)
    }

    private func number(_ value: Double?) -> ResultValue { value.map { .double($0) } ?? .null }

    /// A sweep summary read back: the grid, the shard and the runs' records (the statistics are recomputed from
    /// them, never trusted from the file).
    public init(json text: String, file: String) throws(SweepReadError) {
        let value: ResultValue
        do { value = try JSONReader.parse(text) } catch {
            throw SweepReadError(file: file, "not JSON: \(error.description)")
        }
        func fail(_ message: String) -> SweepReadError { SweepReadError(file: file, message) }
        guard case .string(let schema)? = value["schema"], schema == Self.schema else {
            throw fail("not a FabricSim sweep summary: expected \"schema\": \"\(Self.schema)\"")
        }
        guard case .string(let scenario)? = value["scenario"] else { throw fail("\"scenario\": expected a name") }
        guard case .array(let setValues)? = value["sets"], let sets = Self.strings(setValues) else {
            throw fail("\"sets\": expected a list of texts")
        }
        guard case .array(let axisValues)? = value["axes"] else { throw fail("\"axes\": expected a list") }
        var axes: [SweepAxis] = []
        for (i, item) in axisValues.enumerated() {
            guard case .string(let key)? = item["key"], case .array(let list)? = item["values"],
                let values = Self.strings(list), !values.isEmpty
            else {
                throw fail("axes[\(i)]: expected \"key\" and a non-empty list of \"values\"")
            }
            axes.append(SweepAxis(key: key, values: values))
        }
        guard case .array(let seedValues)? = value["seeds"], let seedTexts = Self.strings(seedValues),
            !seedTexts.isEmpty
        else { throw fail("\"seeds\": expected a non-empty list of seeds as texts") }
        var seeds: [UInt64] = []
        for text in seedTexts {
            guard let seed = UInt64(text) else { throw fail("\"seeds\": '\(text)' is not a seed (0 to 2^64 - 1)") }
            seeds.append(seed)
        }
        let grid = SweepGrid(scenario: scenario, sets: sets, axes: axes, seeds: seeds)
        guard case .int(let total)? = value["points_total"], total == grid.points.count else {
            throw fail("\"points_total\": expected \(grid.points.count), the size of the grid its axes describe")
        }
        var shard: SweepShard?
        switch value["shard"] {
        case .null?: shard = nil
        case .string(let text)?:
            do { shard = try SweepShard(parsing: text) } catch { throw fail("\"shard\": \(error.message)") }
        default: throw fail("\"shard\": expected null or \"INDEX/COUNT\"")
        }
        guard case .array(let pointValues)? = value["points"] else { throw fail("\"points\": expected a list") }
        var records: [SweepRecord] = []
        for (i, entry) in pointValues.enumerated() {
            guard case .int(let point)? = entry["point"], point >= 0, point < grid.points.count else {
                throw fail("points[\(i)].point: expected a point number from 0 to \(grid.points.count - 1)")
            }
            guard case .array(let runs)? = entry["runs"] else { throw fail("points[\(i)].runs: expected a list") }
            for (j, run) in runs.enumerated() {
                guard case .string(let seedText)? = run["seed"], let seed = UInt64(seedText), seeds.contains(seed),
                    case .bool(let passed)? = run["checks_passed"], case .object(let values)? = run["values"]
                else {
                    throw fail(
                        "points[\(i)].runs[\(j)]: expected \"seed\" (one of \"seeds\"), \"checks_passed\" and \"values\""
                    )
                }
                records.append(SweepRecord(point: Int(point), seed: seed, checksPassed: passed, values: values))
            }
        }
        self.init(grid: grid, shard: shard, records: records)
    }

    private static func strings(_ values: [ResultValue]) -> [String]? {
        var out: [String] = []
        for value in values {
            guard case .string(let text) = value else { return nil }
            out.append(text)
        }
        return out
    }
}

/// A sweep summary file that cannot be read: which file and what is wrong with it.
public struct SweepReadError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "error: \(file): \(message)" }
}
