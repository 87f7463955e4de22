import FabricMetrics

/// Check 4b: DCQCN against HPCC on the HPCC paper's own fabric and loads (Li et al., "HPCC: High Precision
/// Congestion Control", SIGCOMM 2019, §5.2, Figs. 9–11): flow-completion slowdown by size under WebSearch and
/// Facebook Hadoop traffic at 30 % and 50 % load. Compared by ordering and shape, as the paper's figures are read:
/// HPCC's short flows keep a tail far below DCQCN's, because HPCC holds queues near empty; long flows' median
/// slowdown stays a small multiple under both; the gain is larger where the traffic is burstier.
///
/// The fabric is the paper's (simulation/mix/fat.txt of its public simulator), as scenarios/hpcc-paper-fabric.yaml
/// bundles it; each run here differs from that file only in the profile, the size distribution and the load.
public struct HPCCPaperCheck {
    public var probe: ScenarioProbe

    public init(probe: ScenarioProbe) { self.probe = probe }

    /// Flows below this size are the "short flows" of the paper's tail figures.
    static let shortFlowLimit = "100KB"

    struct Case {
        var sizes: String
        var load: Double
        var profile: String
    }

    static func scenario(_ c: Case) -> String {
        """
        name: hpcc-paper-fabric
        description: \(c.sizes) at \(c.load) load on the HPCC paper's fat-tree, profile \(c.profile)
        seed: 1
        fabric: roce
        topology:
          shape: fat-tree
          pods: 5
          leaves_per_pod: 4
          spines_per_pod: 4
          cores: 16
          servers_per_leaf: 16
          gpus_per_server: 1
          nics_per_server: 1
          host_link_rate: 100G
          leaf_spine_rate: 400G
          spine_core_rate: 400G
          host_link_delay: 1us
          leaf_spine_delay: 1us
          spine_core_delay: 1us
        network:
          profile: \(c.profile)
          switch_buffer: 32MB
        background:
          - kind: poisson
            load: \(c.load)
            sizes: \(c.sizes)
            stop: 5ms
        stop:
          time: 200ms
        """
    }

    /// The figures of one run that the rows compare.
    struct Figures {
        var rows: [ResultObject]
        /// The largest P99 slowdown among the buckets below `shortFlowLimit`.
        var shortTail: Double
        /// The median slowdown of the largest bucket, and its name.
        var longMedian: Double
        var longest: String
    }

    func figures(_ c: Case) throws(ScenarioProbe.Failure) -> Figures {
        let rows = try probe.run(text: Self.scenario(c), name: "hpcc-paper-fabric").table("fct_by_size")
        let short = rows.filter { Self.isShort($0.text("size") ?? "") }.compactMap { $0.number("slowdown_p99") }
        guard let shortTail = short.max(), let last = rows.last, let longest = last.text("size") else {
            throw ScenarioProbe.Failure(
                description: "hpcc-paper: \(c.sizes) at \(c.load) under \(c.profile) completed no short or long flows")
        }
        return Figures(
            rows: rows, shortTail: shortTail, longMedian: last.number("slowdown_p50") ?? .nan, longest: longest)
    }

    /// The size buckets of `fct_by_size` are decades ("<10KB", "10KB-100KB", ...): short ones end at or below 100 KB.
    static func isShort(_ bucket: String) -> Bool {
        bucket.hasPrefix("<") && bucket.hasSuffix("KB") || bucket.hasSuffix("-" + shortFlowLimit)
    }

    /// How much of DCQCN's excess slowdown over 1 HPCC removes: 1 − (HPCC − 1) ÷ (DCQCN − 1).
    static func reduction(dcqcn: Double, hpcc: Double) -> Double { 1 - (hpcc - 1) / (dcqcn - 1) }

    public func table() throws(ScenarioProbe.Failure) -> ValidationTable {
        var rows: [ValidationRow] = []
        var notes: [String] = []
        var reductions: [String: Double] = [:]
        for sizes in ["websearch", "hadoop"] {
            for load in [0.3, 0.5] {
                let percent = "\(Int((load * 100).rounded())) %"
                let dcqcn = try figures(Case(sizes: sizes, load: load, profile: "dcqcn"))
                let hpcc = try figures(Case(sizes: sizes, load: load, profile: "hpcc"))
                let cut = Self.reduction(dcqcn: dcqcn.shortTail, hpcc: hpcc.shortTail)
                reductions["\(sizes) \(load)"] = cut
                rows.append(
                    .holds(
                        "\(sizes) \(percent): short flows' (< 100 KB) P99 slowdown, HPCC against DCQCN",
                        simulated:
                            "\(Format.number(hpcc.shortTail, digits: 2)) against \(Format.number(dcqcn.shortTail, digits: 2)) (\(Format.percent(cut, signed: false)) of the excess removed)",
                        reference: "HPCC far below DCQCN (≥ 25 % of the excess removed)", cut >= 0.25))
                for (name, f) in [("DCQCN", dcqcn), ("HPCC", hpcc)] {
                    rows.append(
                        .within(
                            "\(sizes) \(percent): long flows' (\(f.longest)) median slowdown, \(name)",
                            simulated: f.longMedian, low: 1, high: 4, unit: "", digits: 2))
                }
                notes.append(Self.bucketTable(title: "\(sizes) at \(percent)", dcqcn: dcqcn, hpcc: hpcc))
            }
        }
        for load in [0.3, 0.5] {
            let percent = "\(Int((load * 100).rounded())) %"
            let web = reductions["websearch \(load)"] ?? .nan
            let hadoop = reductions["hadoop \(load)"] ?? .nan
            rows.append(
                .holds(
                    "\(percent): HPCC's short-flow gain, Hadoop against WebSearch",
                    simulated: "\(Format.percent(hadoop, signed: false)) against \(Format.percent(web, signed: false))",
                    reference: "larger under Hadoop (burstier: more short flows behind long ones)", hadoop > web,
                    knownMiss:
                        "a short bucket's P99 rests on its slowest 1 %, 5 to 23 flows of one seed in WebSearch's; under DCQCN's rate set both gains are near 80 % and a few points apart, within that noise"
                ))
        }
        notes.append(
            "Setup: the HPCC paper's fat-tree (5 pods × 4 ToRs and 4 aggregation switches, 16 cores, 16 servers per ToR: 320 servers; 100 Gb/s to servers, 400 Gb/s between switches, 1 µs per cable, 32 MB of shared buffer per switch), `network.profile: dcqcn` (ECN and DCQCN with the preset in force, PFC) against `network.profile: hpcc` (HPCC, PFC); Poisson arrivals of WebSearch or Hadoop flows between random servers for 5 ms, run until 200 ms so they complete; seed 1. Reproduce with scenarios/hpcc-paper-fabric.yaml (`--set network.profile=hpcc`; edit background[0] for the load and sizes)."
        )
        return ValidationTable(name: "hpcc-paper", rows: rows, notes: notes)
    }

    static func bucketTable(title: String, dcqcn: Figures, hpcc: Figures) -> String {
        var text =
            "Slowdown per size bucket, \(title):\n\n| flow size | flows | DCQCN P50 | DCQCN P99 | HPCC P50 | HPCC P99 |\n|---|---:|---:|---:|---:|---:|\n"
        for row in dcqcn.rows {
            guard let bucket = row.text("size") else { continue }
            let other = hpcc.rows.first { $0.text("size") == bucket }
            let cells = [
                row.number("flows").map { Format.number($0, digits: 0) } ?? "—",
                Format.number(row.number("slowdown_p50") ?? .nan, digits: 2),
                Format.number(row.number("slowdown_p99") ?? .nan, digits: 2),
                Format.number(other?.number("slowdown_p50") ?? .nan, digits: 2),
                Format.number(other?.number("slowdown_p99") ?? .nan, digits: 2),
            ]
            text += "| \(bucket) | " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }
}
