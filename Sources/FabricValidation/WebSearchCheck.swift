import FabricMetrics

/// Check 4: flow completion time slowdown by flow size under WebSearch background traffic at 30 % and 50 % load
/// on RoCEv2 with DCQCN (the default set, `dcqcn: rate`; the paper's 40 Gb/s set beside it), the evaluation of Li et al., "HPCC: High Precision Congestion Control" (SIGCOMM 2019),
/// §5.2, Figs. 9–10 (DCQCN's curves). Compared qualitatively, as the paper's figures are read: short flows wait
/// behind queues, so their tail slowdown is far above their median and the largest of any size; slowdown rises
/// with load; long flows' slowdown is set by bandwidth sharing, a small multiple.
///
/// The HPCC paper's fabric is a three-tier fat-tree of 320 servers at 100 Gb/s (16 per ToR, 1:1); this is the
/// same shape scaled down to a k = 8 fat-tree of 128 servers at 100 Gb/s, 1:1, so both loads run in seconds.
public struct WebSearchCheck {
    public var probe: ScenarioProbe

    public init(probe: ScenarioProbe) { self.probe = probe }

    static func scenario(load: Double) -> String {
        """
        name: websearch-fat-tree
        description: WebSearch flows at \(load) load on a k = 8 fat-tree, RoCEv2 with DCQCN
        seed: 1
        fabric: roce
        topology:
          shape: fat-tree
          k: 8
          host_link_rate: 100G
          leaf_spine_rate: 100G
          spine_core_rate: 100G
        background:
          - kind: poisson
            load: \(load)
            sizes: websearch
            stop: 10ms
        stop:
          time: 200ms
        """
    }

    public func table() throws(ScenarioProbe.Failure) -> ValidationTable {
        let low = try probe.run(text: Self.scenario(load: 0.3), name: "websearch-fat-tree").table("fct_by_size")
        let high = try probe.run(text: Self.scenario(load: 0.5), name: "websearch-fat-tree").table("fct_by_size")
        let off = try probe.run(
            text: Self.scenario(load: 0.5), name: "websearch-fat-tree", overrides: ["network.dcqcn=off"]
        ).table("fct_by_size")
        let paper = try probe.run(
            text: Self.scenario(load: 0.5), name: "websearch-fat-tree", overrides: ["network.dcqcn=paper"]
        ).table("fct_by_size")
        func slowdown(_ rows: [ResultObject], _ bucket: String, _ key: String) -> Double {
            rows.first { $0.text("size") == bucket }?.number(key) ?? .nan
        }
        let buckets = low.compactMap { $0.text("size") }
        guard let shortest = buckets.first, let longest = buckets.last else {
            throw ScenarioProbe.Failure(description: "websearch: no completed flows")
        }
        var data =
            "| flow size | flows at 30 % | P50 slowdown, 30 % | P99 slowdown, 30 % | flows at 50 % | P50 slowdown, 50 % | P99 slowdown, 50 % |\n|---|---:|---:|---:|---:|---:|---:|\n"
        for bucket in buckets {
            let cells = [low, high].flatMap { rows -> [String] in
                let row = rows.first { $0.text("size") == bucket }
                return [
                    row?.number("flows").map { Format.number($0, digits: 0) } ?? "—",
                    Format.number(row?.number("slowdown_p50") ?? .nan, digits: 2),
                    Format.number(row?.number("slowdown_p99") ?? .nan, digits: 2),
                ]
            }
            data += "| \(bucket) | " + cells.joined(separator: " | ") + " |\n"
        }
        let tails = [low, high].map { rows in buckets.map { slowdown(rows, $0, "slowdown_p99") } }
        let rising = buckets.indices.filter { tails[1][$0] >= tails[0][$0] }.count
        let shortTail = slowdown(high, shortest, "slowdown_p99")
        let shortMedian = slowdown(high, shortest, "slowdown_p50")
        let worst = tails[1].indices.max { tails[1][$0] < tails[1][$1] }!
        let longMedian = slowdown(high, longest, "slowdown_p50")
        let longMedianOff = slowdown(off, longest, "slowdown_p50")
        let longMedianPaper = slowdown(paper, longest, "slowdown_p50")
        let slowRecovery =
            "DCQCN's rate recovery (an additive step of 20 Mb/s per 55 µs at 100 Gb/s) holds long flows below their fair share; the last two rows show it"
        return ValidationTable(
            name: "websearch",
            rows: [
                .holds(
                    "P99 slowdown rises from 30 % to 50 % load (size buckets)",
                    simulated: "\(rising) of \(buckets.count)",
                    reference: "every bucket", rising == buckets.count),
                .holds(
                    "50 %: short flows' (\(shortest)) median slowdown",
                    simulated: Format.number(shortMedian, digits: 2),
                    reference: "near 1 (≤ 1.5)", shortMedian <= 1.5),
                .holds(
                    "50 %: short flows' (\(shortest)) P99 slowdown over their median",
                    simulated: Format.number(shortTail / shortMedian, digits: 1) + "×",
                    reference: "≫ 1 (≥ 3×): queueing tail", shortTail >= 3 * shortMedian),
                .holds(
                    "50 %: the bucket with the largest P99 slowdown", simulated: buckets[worst],
                    reference: "below 200 KB (HPCC's figures)",
                    worst <= 1, knownMiss: slowRecovery),
                .within(
                    "50 %: long flows' (\(longest)) median slowdown against fair sharing's 1 ÷ (1 − ρ) = 2",
                    simulated: longMedian,
                    low: 1, high: 4, unit: "", digits: 2, knownMiss: slowRecovery),
                .holds(
                    "50 %, DCQCN off: long flows' median slowdown", simulated: Format.number(longMedianOff, digits: 2),
                    reference: "below DCQCN's \(Format.number(longMedian, digits: 2))", longMedianOff < longMedian),
                .holds(
                    "50 %, dcqcn: paper (the 40 Gb/s set): long flows' median slowdown",
                    simulated: Format.number(longMedianPaper, digits: 2),
                    reference: "above the rate set's \(Format.number(longMedian, digits: 2))",
                    longMedianPaper > longMedian),
            ],
            notes: [
                "Slowdown per size bucket (`fct_by_size`: completion time over the same flow alone on the idle fabric):",
                data,
                "Setup: k = 8 fat-tree (128 servers, 100 Gb/s everywhere, 1:1), RoCEv2 defaults (PFC; DCQCN's set for the link's rate, `dcqcn: rate`, with ECN at Kmin 400 KB / Kmax 1,600 KB / Pmax 0.2 on the 100 Gb/s ports), Poisson arrivals of WebSearch-distributed flows between random hosts for 10 ms, run until 200 ms so they complete; seed 1. Reproduce with scenarios/websearch-30.yaml edited to this topology (`--set topology.k=8`) and load.",
            ])
    }
}
