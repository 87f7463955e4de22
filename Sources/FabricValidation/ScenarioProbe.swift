import FabricMetrics
import FabricScenario

/// Runs a scenario (a bundled file or text written here) with `--set` overrides, as `fabricsim run` would, and
/// hands back its result: every check is reproducible from the command line with the setup its page states.
public struct ScenarioProbe {
    /// The repository root, against which bundled scenario paths are resolved.
    public var root: String

    public init(root: String) { self.root = root }

    /// Failures to load or run a scenario stop the whole page: a table that silently loses rows would hide it.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public func run(file: String, overrides: [String] = []) throws(Failure) -> RunResult {
        do {
            return try check(
                ScenarioRunner(scenario: ScenarioLoader.load(path: root + "/" + file, overrides: overrides)).quietRun(),
                what: "\(file) \(overrides.joined(separator: " "))")
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: "\(file): \(error)")
        }
    }

    public func run(text: String, name: String, overrides: [String] = []) throws(Failure) -> RunResult {
        do {
            return try check(
                ScenarioRunner(scenario: ScenarioLoader.load(text: text, file: name + ".yaml", overrides: overrides))
                    .quietRun(),
                what: "\(name) \(overrides.joined(separator: " "))")
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: "\(name): \(error)")
        }
    }

    /// A run whose own self-checks (conservation, completion) fail is not a figure to compare.
    private func check(_ result: RunResult, what: String) throws(Failure) -> RunResult {
        if let failed = result.checks.first(where: { !$0.passed }) {
            throw Failure(description: "\(what): self-check '\(failed.name)' failed: \(failed.detail)")
        }
        return result
    }
}

extension ScenarioRunner {
    func quietRun() -> RunResult {
        var runner = self
        runner.recordsTimeline = false
        return runner.run()
    }
}

extension RunResult {
    /// A numeric headline metric.
    func number(_ key: String) -> Double? { metrics[key]?.doubleValue }

    /// The rows of a table metric (nccl_tests, fct_by_size, traffic_flows…).
    func table(_ key: String) -> [ResultObject] {
        guard case .array(let rows)? = metrics[key] else { return [] }
        return rows.compactMap { if case .object(let o) = $0 { o } else { nil } }
    }
}

extension ResultObject {
    func number(_ key: String) -> Double? { self[key]?.doubleValue }
    func text(_ key: String) -> String? { if case .string(let s)? = self[key] { s } else { nil } }
}
