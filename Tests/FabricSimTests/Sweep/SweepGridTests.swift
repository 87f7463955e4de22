import FabricScenario
import FabricSweep
import Foundation
import Testing

/// `--vary`, `--seeds` and `--shard` as typed: the grid they describe and the errors they give.
@Suite("Sweep grids and shards")
struct SweepGridTests {
    func scenario() throws -> String {
        let dir = try CommandLineTests().temporaryDirectory()
        return try CommandLineTests().write(CommandLineTests.smallQueue, to: "small.yaml", in: dir)
    }

    @Test("a --vary splits at top-level commas only, so YAML lists can be swept")
    func axisParsing() throws {
        let axis = try SweepAxis(parsing: "queueing.service=[1us], [1us,2us] ,'a,b'")
        #expect(axis.key == "queueing.service")
        #expect(axis.values == ["[1us]", "[1us,2us]", "'a,b'"])
        #expect(axis.override(1) == "queueing.service=[1us,2us]")
    }

    @Test(
        "malformed --vary options say what was typed and what to type",
        arguments: [
            ("topology.spines", "expected key.path=v1,v2"),
            ("=1,2", "is not a key path"),
            ("a..b=1", "is not a key path"),
            ("topology.spines=", "no values after '='"),
            ("topology.spines=2,,4", "value 2 of 3 is empty"),
            ("topology.spines=2,4,2", "the value '2' is given twice"),
            ("queueing.service=[1us,2us", "unclosed bracket"),
            ("queueing.service=1us]", "closes nothing"),
        ])
    func axisErrors(text: String, message: String) {
        #expect(throws: SweepInputError.self) { try SweepAxis(parsing: text) }
        do {
            _ = try SweepAxis(parsing: text)
        } catch {
            #expect(error.option == "--vary \(text)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test(
        "--shard I/N is checked: whole numbers, 0 ≤ I < N",
        arguments: [
            ("1", "expected INDEX/COUNT"), ("a/4", "expected INDEX/COUNT"), ("4/4", "numbered 0 to 3"),
            ("-1/4", "numbered 0 to 3"), ("0/0", "expected 1 to"), ("1/2/3", "expected INDEX/COUNT"),
        ])
    func shardErrors(text: String, message: String) {
        do {
            _ = try SweepShard(parsing: text)
            Issue.record("--shard \(text) was accepted")
        } catch {
            #expect(error.option == "--shard \(text)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("the grid is the product of the axes, the first varying slowest, and n shards deal every run once")
    func productAndShards() throws {
        let path = try scenario()
        let plan = try SweepPlan(
            scenarioPath: path, sets: [], vary: ["queueing.customers=1000,2000,3000", "queueing.service=1us,1.5us"],
            seedCount: 3, baseSeed: 7, shard: .whole)
        #expect(plan.grid.points.count == 6)
        #expect(plan.grid.points[1].overrides == ["queueing.customers=1000", "queueing.service=1.5us"])
        #expect(plan.grid.points[2].overrides == ["queueing.customers=2000", "queueing.service=1us"])
        #expect(plan.grid.seeds == [7, 8, 9])
        #expect(plan.runs.count == 18)
        let directories = Set(plan.grid.points.map(\.directory))
        #expect(directories.count == 6)
        #expect(directories.contains("p0005-queueing.customers=3000-queueing.service=1.5us"))

        for count in [1, 4, 7] {
            var dealt: [SweepPlan.Run] = []
            for index in 0..<count {
                var shard = plan
                shard.shard = SweepShard(index: index, count: count)
                dealt += shard.runs
            }
            #expect(dealt.count == plan.runs.count)
            #expect(Set(dealt.map { "\($0.point)/\($0.seed)" }).count == plan.runs.count)
        }
    }

    @Test("a shard takes runs, not points: 6 points × 10 seeds in 16 shards give every shard 3 or 4 runs, round robin")
    func shardsTakeRuns() throws {
        let path = try scenario()
        var plan = try SweepPlan(
            scenarioPath: path, sets: [],
            vary: ["queueing.customers=1000,2000,3000", "queueing.service=1us,1.5us"], seedCount: 10, baseSeed: 1,
            shard: .whole)
        #expect(plan.allRuns.count == 60)
        var sizes: [Int] = []
        var dealt: [String] = []
        for index in 0..<16 {
            plan.shard = SweepShard(index: index, count: 16)
            sizes.append(plan.runs.count)
            dealt += plan.runs.map { "\($0.point)/\($0.seed)" }
            // Run r = point × 10 + seed index goes to shard r mod 16.
            for run in plan.runs { #expect((run.point * 10 + Int(run.seed - 1)) % 16 == index) }
        }
        // 60 = 12 × 4 + 4 × 3: no shard idles, none holds more than one run beyond another.
        #expect(sizes == [Int](repeating: 4, count: 12) + [Int](repeating: 3, count: 4))
        #expect(Set(dealt).count == 60)
        // More shards than runs: the extra ones hold none.
        plan.shard = SweepShard(index: 60, count: 61)
        #expect(plan.runs.isEmpty)
    }

    @Test("any key --set takes is an axis, top-level ones included: --vary fidelity=packet,flow needs nothing special")
    func topLevelAxis() throws {
        let microbursts = ScenarioReferenceTests.repositoryRoot.appendingPathComponent("scenarios/microbursts.yaml")
            .path
        let plan = try SweepPlan(
            scenarioPath: microbursts, sets: ["stop.time=100us"],
            vary: ["fidelity=packet,flow", "fabric=infiniband,roce"],
            seedCount: 1, baseSeed: nil, shard: .whole)
        let echoes = try plan.runs.map { run in
            let echo = try plan.scenario(for: run).echo
            return [echo["fidelity"], echo["fabric"]]
        }
        #expect(
            echoes == [
                [.string("packet"), .string("infiniband")], [.string("packet"), .string("roce")],
                [.string("flow"), .string("infiniband")], [.string("flow"), .string("roce")],
            ])
    }

    @Test("a bad swept value is reported once, naming its --vary, before anything runs")
    func badValue() throws {
        let path = try scenario()
        do {
            _ = try SweepPlan(
                scenarioPath: path, sets: [], vary: ["queueing.customers=1000,lots", "queueing.service=1us,2us"],
                seedCount: 1, baseSeed: nil, shard: .whole)
            Issue.record("the plan was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("(--vary queueing.customers=1000,lots)"), "\(text)")
            #expect(text.contains("value 'lots'"), "\(text)")
            #expect(text.components(separatedBy: "value 'lots'").count == 2, "reported once: \(text)")
        }
    }

    @Test(
        "conflicting or oversized sweeps are refused with the option named",
        arguments: [
            (
                ["queueing.customers=1,2", "queueing.customers=3"], [String](), 1,
                "already varied by --vary queueing.customers=1,2"
            ),
            (["seed=1,2"], [], 1, "use --seeds N"),
            (["queueing.customers=1000,2000"], ["queueing.customers=5"], 1, "also fixed by --set queueing.customers=5"),
            (["queueing.customers=1000,2000"], [], 0, "expected 1 to"),
            (
                ["queueing.customers=1,2,3,4,5,6,7,8,9,10,11,12"], [], 90_000,
                "12 points × 90000 seeds = more than 200000 runs"
            ),
        ])
    func refused(vary: [String], sets: [String], seeds: Int, message: String) throws {
        let path = try scenario()
        do {
            _ = try SweepPlan(
                scenarioPath: path, sets: sets, vary: vary, seedCount: seeds, baseSeed: nil, shard: .whole)
            Issue.record("the plan was accepted")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }
}
