/// Check 1: collective completion times on an idle, non-blocking fabric against the closed-form α–β cost models
/// of docs/collectives.md (Thakur, Rabenseifner and Gropp 2005; Patarasuk and Yuan 2009), at both fidelities.
///
/// Flat algorithms run over p single-GPU servers on one switch (every pair of NICs one hop apart, so the model's
/// single α and β hold for every message); the hierarchical one over S servers of 8 GPUs on the same switch
/// (NVLink phases, then one all-reduce per rail). The message is one size per case, chosen so that the packet runs
/// stay within seconds in a release build: 16 MiB up to 64 ranks, 4 MiB beyond (at 1,024 ranks a ring step then
/// moves one 4 KiB packet per rank, the latency-bound end of the range).
public struct CollectiveCostCheck {
    public var probe: ScenarioProbe
    /// Ranks for the packet model; the flow model adds 4,096.
    public var packetRanks = [8, 64, 256, 1024]
    public var flowRanks = [8, 64, 256, 1024, 4096]

    public init(probe: ScenarioProbe) { self.probe = probe }

    /// The tolerance per algorithm: the ring, halving-doubling and tree models are exact schedules (the residue is
    /// packetisation); the hierarchical model adds its phases as if they did not overlap.
    static func tolerance(_ algorithm: String) -> Double {
        algorithm == "hierarchical" ? 0.05 : 0.02
    }

    static let star = """
        name: validate-collective
        description: one collective on one non-blocking switch
        fabric: infiniband
        topology:
          shape: leaf-spine
          leaves: 1
          spines: 0
          servers_per_leaf: 8
          gpus_per_server: 1
          nics_per_server: 1
        collective:
          operation: all-reduce
          algorithm: ring
          min_bytes: 16MiB
          channels: 1
        """

    public func table(fidelity: String) throws(ScenarioProbe.Failure) -> ValidationTable {
        var rows: [ValidationRow] = []
        let ranks = fidelity == "flow" ? flowRanks : packetRanks
        for algorithm in ["ring", "halving-doubling", "tree", "hierarchical"] {
            for p in ranks {
                // 4,096 single-GPU ranks in flow mode: the ring (4,094 steps) is the case validate-flow.sh times;
                // here only the latency-light algorithms, to keep the page's regeneration short.
                if p == 4096 && algorithm == "ring" { continue }
                // One server has no network phase; the hierarchical rows start at two.
                let ranks = algorithm == "hierarchical" && p == 8 ? 16 : p
                rows.append(try row(algorithm: algorithm, ranks: ranks, fidelity: fidelity))
            }
        }
        let sizes = "16 MiB up to 64 GPUs, 4 MiB beyond"
        return ValidationTable(
            name: "collectives-\(fidelity)", rows: rows,
            notes: [
                "All-reduce of \(sizes), InfiniBand defaults, one channel, \(fidelity) fidelity. Flat algorithms: p single-GPU servers under one switch; hierarchical: p ÷ 8 servers of 8 GPUs under one switch. Reproduce one row with `fabricsim run` on the setup above and `--set collective.algorithm=…` `--set topology.servers_per_leaf=…`; the reference is the run's own `model_time_us`."
            ])
    }

    public func row(algorithm: String, ranks p: Int, fidelity: String) throws(ScenarioProbe.Failure) -> ValidationRow {
        let (bytes, size) = p <= 64 ? ("16MiB", "16 MiB") : ("4MiB", "4 MiB")
        let hierarchical = algorithm == "hierarchical"
        var overrides = ["fidelity=\(fidelity)", "collective.algorithm=\(algorithm)", "collective.min_bytes=\(bytes)"]
        if hierarchical {
            overrides += [
                "topology.servers_per_leaf=\(p / 8)", "topology.gpus_per_server=8", "topology.nics_per_server=8",
            ]
        } else {
            overrides += ["topology.servers_per_leaf=\(p)"]
        }
        let result = try probe.run(text: Self.star, name: "validate-collective", overrides: overrides)
        guard let last = result.table("nccl_tests").last, let time = last.number("time_us"),
            let model = last.number("model_time_us")
        else {
            throw ScenarioProbe.Failure(
                description: "\(algorithm) over \(p) ranks: no time or model time in nccl_tests")
        }
        let label = "\(algorithm), \(p) GPUs\(hierarchical ? " (\(p / 8) × 8)" : ""), \(size)"
        return .relative(label, simulated: time, reference: model, tolerance: Self.tolerance(algorithm), unit: " µs")
    }
}
