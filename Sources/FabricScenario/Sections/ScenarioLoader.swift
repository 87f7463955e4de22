import Foundation

/// Reads, overrides and validates a scenario file: the one entry point from text to a `Scenario`.
public enum ScenarioLoader {
    /// - Parameters:
    ///   - path: the scenario file.
    ///   - overrides: `--set key.path=value` texts, applied in order.
    ///   - seed: replaces the scenario's seed (`--seed`).
    ///   - limits: the memory a run may use (default: a share of what the machine has available; `ResourceLimits`).
    public static func load(
        path: String, overrides: [String] = [], seed: UInt64? = nil,
        limits: ResourceLimits = .machine()
    ) throws(ScenarioError) -> Scenario {
        var root = try ScenarioSource.load(path: path)
        root = try apply(overrides, to: root)
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try finish(Scenario.read(root, file: path, defaultName: stem, limits: limits), seed: seed)
    }

    /// Validates scenario text (tests, and scenarios built in memory).
    public static func load(
        text: String, file: String = "scenario.yaml", overrides: [String] = [], seed: UInt64? = nil,
        limits: ResourceLimits = .machine()
    ) throws(ScenarioError) -> Scenario {
        try load(bytes: Array(text.utf8), file: file, overrides: overrides, seed: seed, limits: limits)
    }

    /// Validates the bytes of a scenario file, whatever they hold (the fuzzer's entry point).
    public static func load(
        bytes: [UInt8], file: String = "scenario.yaml", overrides: [String] = [], seed: UInt64? = nil,
        limits: ResourceLimits = .machine()
    ) throws(ScenarioError) -> Scenario {
        var root = try ScenarioSource.parse(bytes: bytes, file: file)
        root = try apply(overrides, to: root)
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return try finish(Scenario.read(root, file: file, defaultName: stem, limits: limits), seed: seed)
    }

    private static func apply(_ overrides: [String], to root: ScenarioNode) throws(ScenarioError) -> ScenarioNode {
        var root = root
        var diagnostics: [ScenarioDiagnostic] = []
        for text in overrides {
            do {
                root = try Override(parsing: text).apply(to: root)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        guard diagnostics.isEmpty else { throw ScenarioError(diagnostics) }
        return root
    }

    private static func finish(_ scenario: Scenario, seed: UInt64?) -> Scenario {
        var scenario = scenario
        if let seed {
            scenario.seed = seed
            scenario.echo["seed"] = .string(String(seed))
        }
        return scenario
    }
}
