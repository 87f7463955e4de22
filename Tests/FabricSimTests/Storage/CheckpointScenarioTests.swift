import FabricKernel
import FabricMetrics
import FabricScenario
import FabricStorage
import Testing

/// `storage:`, `checkpoint:` and `failures:` in a scenario: read into the model, and every mistake located.
@Suite struct CheckpointScenarioTests {
    static let base = """
        topology:
          shape: leaf-spine
          leaves: 2
          spines: 1
          servers_per_leaf: 1
          gpus_per_server: 2
          nics_per_server: 2
        workload:
          steps: 2
          forward: 100us
          backward: 100us
          gradient_bytes: 1MB
        storage:
          servers: 2
          stripe_count: 2
        checkpoint:
          parameters: 1e6
          every_steps: 1
        failures:
          mtbf: 3.09h
          restart: 10min

        """

    func diagnostics(_ text: String, overrides: [String] = []) -> [ScenarioDiagnostic] {
        do {
            _ = try ScenarioLoader.load(text: text, file: "test.yaml", overrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func theSectionsReadIntoACheckpointSetupOnTheExtendedFabric() throws {
        let scenario = try ScenarioLoader.load(text: Self.base, file: "test.yaml", overrides: [])
        guard case .training(let training) = scenario.model else {
            Issue.record("not a training scenario")
            return
        }
        let setup = try #require(training.checkpointing)
        #expect(setup.policy.bytes == 16_000_000)
        #expect(setup.policy.trigger == .steps(1))
        #expect(abs((setup.goodput?.failures.mtbf ?? 0) - 3.09 * 3600) < 1e-6)
        #expect(setup.goodput?.failures.restart == 600)
        // Converged by default: the job runs on the fabric with the two storage servers' four NICs added.
        #expect(setup.fabric.isConverged)
        #expect(training.network.topology.hosts.count == 4 + 4)
        #expect(training.network.topology.gpuCount == 4)
    }

    @Test func badValuesAreReportedAtTheirKeys() {
        let found = diagnostics(
            Self.base, overrides: ["storage.stripe_count=3", "checkpoint.mode=lazy", "failures.mtbf=3"])
        let paths = found.map(\.path)
        #expect(paths.contains("storage.stripe_count"))
        #expect(found.first { $0.path == "storage.stripe_count" }?.message.contains("2 servers") == true)
        #expect(paths.contains("checkpoint.mode"))
        #expect(found.first { $0.path == "failures.mtbf" }?.message.contains("unit") == true)
        #expect(found.allSatisfy { $0.location != nil })
    }

    @Test func aCheckpointNeedsStorageAndAWhenAndNotBothWhens() {
        let noStorage = diagnostics(
            Self.base.replacingOccurrences(of: "storage:\n  servers: 2\n  stripe_count: 2\n", with: ""))
        #expect(noStorage.contains { $0.path == "checkpoint" && $0.message.contains("storage") })
        #expect(noStorage.count == 1, "\(noStorage)")
        let both = diagnostics(Self.base, overrides: ["checkpoint.every=1s"])
        #expect(both.contains { $0.path == "checkpoint.every" })
        let absurd = diagnostics(
            Self.base, overrides: ["checkpoint.parameters=1e15", "checkpoint.bytes_per_parameter=64"])
        #expect(absurd.contains { $0.path == "checkpoint.parameters" })
    }

    @Test func aSeparateNetworkNeedsFrontEndLeavesThatDivideTheServers() {
        let found = diagnostics(
            Self.base + "  \n",
            overrides: [
                "storage.network=separate", "storage.front_end_servers_per_leaf=3",
                "topology.leaves=4",
            ])
        #expect(found.contains { $0.path == "storage.front_end_servers_per_leaf" })
    }
}

@Suite struct LongTimeUnitTests {
    @Test func minutesAndHoursAreReadAndPrintedInSeconds() throws {
        #expect(try SimTime.parse("10min") == .seconds(600))
        #expect(try SimTime.parse("3.09h") == SimTime(rawValue: 11_124 * 1_000_000_000_000))
        #expect(SimTime.seconds(600).description == "600s")
        #expect(try SimTime.parse(SimTime.seconds(11_124).description) == .seconds(11_124))
    }
}
