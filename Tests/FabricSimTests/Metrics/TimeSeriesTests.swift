import FabricKernel
import FabricMetrics
import FabricScenario
import Testing

@Suite("Time series")
struct TimeSeriesTests {
    static let level = SeriesDescriptor("queue", unit: "bytes", kind: .level)
    static let rate = SeriesDescriptor("sent", unit: "1/s", kind: .rate)

    @Test("a level series keeps true readings and a rate series their increase per second")
    func levelsAndRates() {
        var recorder = SeriesRecorder(
            descriptors: [Self.level, Self.rate], interval: .microseconds(1),
            maximumPoints: 100, memoryBudget: 1 << 20)
        recorder.begin([0, 0])
        // Readings at 1, 2, 3 us: the counter grows by 1, 3, 0.
        for (queue, total) in [(5.0, 1.0), (7.0, 4.0), (2.0, 4.0)] {
            recorder.record([queue, total])
        }
        let set = recorder.result
        #expect(set.series[0].values == [5, 7, 2])
        #expect(set.series[1].values == [1e6, 3e6, 0])
        #expect(set.time(ofPoint: 0) == .microseconds(1))
        #expect(recorder.nextSampleTime == .microseconds(4))
    }

    @Test("memory stays within the budget: a full series halves and the interval doubles")
    func downsampling() {
        var recorder = SeriesRecorder(
            descriptors: [Self.level, Self.rate], interval: .nanoseconds(10),
            maximumPoints: 8, memoryBudget: 1 << 20)
        #expect(recorder.capacity == 8)
        recorder.begin([0, 0])
        // Level = the sample number; counter grows by the sample number each time.
        var total = 0.0
        var samples = 0
        while recorder.nextSampleTime <= .nanoseconds(10_000) {
            samples += 1
            // Readings at the instant asked for: the level is the time in ns.
            let t = Double(recorder.nextSampleTime.rawValue) / 1000
            total += 1
            recorder.record([t, total])
        }
        let set = recorder.result
        #expect(set.pointCount >= 4 && set.pointCount < 8)
        #expect(recorder.downsamplings > 0)
        // Every level point is the reading taken at its own time.
        for (i, value) in set.series[0].values.enumerated() {
            #expect(value == Double(set.time(ofPoint: i).rawValue) / 1000)
        }
        // Averaging pairs keeps the integral: rate × interval summed over the points is the counter's growth.
        let integral = set.series[1].values.reduce(0, +) * set.interval.seconds
        #expect(abs(integral - total) < 1e-6)
        // Far fewer samples than the 1,000 original intervals: the interval doubled as the series filled.
        #expect(samples < 40)
    }

    @Test("the budget in bytes caps the points of each series")
    func budgetCapsPoints() {
        let many = (0..<1000).map { SeriesDescriptor("q", subject: "p\($0)", unit: "bytes", kind: .level) }
        let recorder = SeriesRecorder(
            descriptors: many, interval: .microseconds(1), maximumPoints: 1000,
            memoryBudget: 80_000)
        #expect(recorder.capacity == 10)
    }

    static let network = """
        name: series
        fabric: infiniband
        topology: {shape: leaf-spine, leaves: 2, spines: 2, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1}
        traffic: {pattern: permutation, bytes: 1MB}
        output: {sample_interval: 2us, series_points: 64}
        stop: {time: 60us}
        """

    @Test("a packet-network run samples queues and utilisation by tier without changing its results")
    func networkSeries() throws {
        let scenario = try ScenarioLoader.load(text: Self.network)
        let sampled = ScenarioRunner(scenario: scenario).run()
        var coarse = scenario
        coarse.output.sampleInterval = .milliseconds(100)
        let unsampled = ScenarioRunner(scenario: coarse).run()
        #expect(sampled.metrics == unsampled.metrics)
        #expect(sampled.events == unsampled.events)
        #expect(sampled.simulatedTime == unsampled.simulatedTime)

        let series = sampled.series
        #expect(series.pointCount > 4 && series.pointCount <= 64)
        let names = series.groups.map(\.name)
        #expect(names.contains("queue_bytes"))
        #expect(names.contains("utilisation"))
        let tiers = series.series.filter { $0.descriptor.name == "utilisation" }.compactMap(\.descriptor.subject)
        #expect(tiers == ["host→leaf", "leaf→host", "leaf→spine", "spine→leaf"])
        // Hosts send at line rate at first: the host uplinks are busy in the first interval.
        let uplink = series.series.first { $0.descriptor.label == "utilisation[host→leaf]" }!
        #expect(uplink.values[0] > 0.8)
        // The last flow completes inside the run: flows_completed climbs to every flow.
        let completed = series.series.first { $0.descriptor.name == "flows_completed" }!
        #expect(completed.values.last! == 8, "\(completed.values)")
        // Every flow is a span on its source host's row.
        #expect(sampled.timeline.spans.count == 8)
        #expect(sampled.timeline.spans.allSatisfy { $0.category == "flow" && $0.finished && $0.end > $0.start })
    }

    @Test("utilisation by tier is a fraction of each interval, even sampled finer than a packet's serialisation")
    func utilisationBounded() throws {
        // 1 µs samples against 4 KB packets at 100 Gb/s (0.33 µs): when a packet's whole serialisation was
        // credited as it started, an interval read up to one packet time above 1 (1.034 here).
        let scenario = try ScenarioLoader.load(
            text: """
                fabric: infiniband
                topology: {shape: leaf-spine, leaves: 2, spines: 4, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1}
                traffic: {pattern: permutation, bytes: 1MB}
                output: {sample_interval: 1us, series_points: 1000}
                stop: {time: 60us}
                """)
        let result = ScenarioRunner(scenario: scenario).run()
        let utilisation = result.series.series.filter { $0.descriptor.name == "utilisation" }
        #expect(utilisation.count == 4)
        // Every host sends at line rate from the start: the host uplinks are busy all the time.
        let uplinks = try #require(utilisation.first { $0.descriptor.subject == "host→leaf" })
        #expect((uplinks.values.dropFirst().dropLast().min() ?? 0) > 0.9, "\(uplinks.values)")
        #expect(utilisation.allSatisfy { $0.values.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-9 } })
    }

    @Test("under PFC every port's paused fraction is sampled, and an incast pauses some port")
    func pauseSeries() throws {
        let scenario = try ScenarioLoader.load(
            text: """
                fabric: roce
                topology: {shape: leaf-spine, leaves: 2, spines: 2, servers_per_leaf: 4, gpus_per_server: 1, nics_per_server: 1}
                traffic: {pattern: incast, senders: 7, bytes: 2MB}
                stop: {time: 400us}
                """)
        let result = ScenarioRunner(scenario: scenario).run()
        let paused = result.series.series.filter { $0.descriptor.name == "paused" }
        #expect(paused.count == 24)
        #expect(paused.contains { ($0.maximum ?? 0) > 0 })
        // A fraction of each interval: never below 0 nor above 1 (up to rounding). Before a pause in force was
        // counted up to each sample, a long pause was credited whole to the interval it ended in: 3.68 here.
        #expect(paused.allSatisfy { $0.values.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-9 } })
        let lossless = try ScenarioLoader.load(text: Self.network)
        #expect(!ScenarioRunner(scenario: lossless).run().series.series.contains { $0.descriptor.name == "paused" })
    }

    @Test("the same scenario and seed give the same fingerprint; another seed gives another")
    func fingerprints() throws {
        let scenario = try ScenarioLoader.load(text: Self.network)
        var runner = ScenarioRunner(scenario: scenario)
        runner.fingerprint = true
        let a = runner.run()
        let b = runner.run()
        let other = try ScenarioLoader.load(text: Self.network, seed: 2)
        var otherRunner = ScenarioRunner(scenario: other)
        otherRunner.fingerprint = true
        let c = otherRunner.run()
        #expect(a.fingerprint != nil)
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint != c.fingerprint)
        #expect(a.fingerprintText?.count == 16)
        // Fingerprinting does not change what the model does.
        #expect(ScenarioRunner(scenario: scenario).run().metrics == a.metrics)
    }
}
