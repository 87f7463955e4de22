import FabricKernel
import FabricScenario
import Testing

/// The fraction a run reports as it goes, for the progress line: it never goes back, it reaches 1 when the model's
/// goal is, and it moves inside a training step, a collective size and a checkpoint run's steps, and while a
/// permutation's equal flows are all still in flight — where a count of steps, sizes or flows done stands still.
@Suite("Run progress")
struct RunProgressTests {
    static let fabric = """
        fabric: infiniband
        topology: {shape: rail-optimized, servers: 2, gpus_per_server: 4, spines: 1}

        """

    static let training =
        "name: two-steps\n" + fabric + """
            workload: {steps: 2, forward: 100us, backward: 200us, gradient_bytes: 2MiB, buckets: 2, algorithm: hierarchical}
            """

    static let collective =
        "name: sizes\n" + fabric + """
            collective: {operation: all-reduce, algorithm: ring, min_bytes: 64KiB, max_bytes: 1MiB}
            """

    static let permutation = """
        name: permutation
        fabric: infiniband
        topology: {shape: leaf-spine, leaves: 2, spines: 2, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1}
        traffic: {pattern: permutation, bytes: 2MB}
        """

    /// Every fraction the run reports, a slice of 64 events apart.
    func fractions(_ text: String) throws -> [Double] {
        let scenario = try ScenarioLoader.load(text: text, file: "test.yaml", overrides: [])
        var runner = ScenarioRunner(scenario: scenario)
        runner.progressInterval = 64
        var reported: [Double?] = []
        let result = runner.run { report in
            reported.append(report.fraction)
            return true
        }
        #expect(result.allChecksPassed)
        #expect(reported.count > 20, "too few reports to judge: \(reported.count)")
        #expect(reported.allSatisfy { $0 != nil }, "a fraction is missing")
        return reported.compactMap { $0 }
    }

    func expectMonotone(_ fractions: [Double], _ what: String) {
        #expect(fractions.allSatisfy { (0...1).contains($0) }, "\(what): a fraction outside 0...1")
        let back = zip(fractions, fractions.dropFirst()).first { $0 > $1 }
        #expect(back == nil, "\(what): the fraction went back from \(back?.0 ?? 0) to \(back?.1 ?? 0)")
    }

    /// How many different fractions were reported strictly inside `range`.
    func distinct(_ fractions: [Double], in range: ClosedRange<Double>) -> Int {
        Set(fractions.filter { $0 > range.lowerBound && $0 < range.upperBound }).count
    }

    @Test("a two-step training run moves inside each step, never goes back, and reaches 1")
    func training() throws {
        let fractions = try fractions(Self.training)
        expectMonotone(fractions, "training")
        #expect(fractions.last == 1)
        // Each step is half of the run: a count of steps done would report 0 throughout the first and ½ throughout
        // the second.
        #expect(distinct(fractions, in: 0...0.5) >= 3, "\(fractions)")
        #expect(distinct(fractions, in: 0.5...1) >= 3, "\(fractions)")
    }

    @Test("a checkpoint run moves inside its steps and writes, never goes back, and reaches 1")
    func checkpoints() throws {
        let fractions = try fractions("name: checkpoints\n" + CheckpointScenarioTests.base)
        expectMonotone(fractions, "checkpoints")
        #expect(fractions.last == 1)
        #expect(distinct(fractions, in: 0...0.5) >= 3, "\(fractions)")
        #expect(distinct(fractions, in: 0.5...1) >= 3, "\(fractions)")
    }

    @Test("a collective sweep moves inside its sizes, never goes back, and reaches 1")
    func collectiveSizes() throws {
        let fractions = try fractions(Self.collective)
        expectMonotone(fractions, "collective")
        #expect(fractions.last == 1)
        // Five sizes, 64 KiB to 1 MiB: more distinct values than the six a count of sizes done can take.
        #expect(Set(fractions).count > 6, "\(Set(fractions).sorted())")
        // Weighted by their expected events, the largest size (half the bytes of the sweep) is more than a fifth.
        #expect(distinct(fractions, in: 0.5...1) >= 3, "\(fractions)")
    }

    @Test("a permutation's progress moves while its equal flows are in flight, by bytes delivered")
    func permutationBytes() throws {
        let fractions = try fractions(Self.permutation)
        expectMonotone(fractions, "permutation")
        // Every flow ends at about the same moment: a count of completed flows would jump from 0 to 1.
        #expect(distinct(fractions, in: 0.05...0.95) >= 5, "\(fractions)")
    }
}
