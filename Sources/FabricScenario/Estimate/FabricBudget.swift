/// The check made on a topology section before its fabric is built: the graph and routing table it would need, against
/// the memory limit, and the routing table's 32-bit indices.
struct FabricBudget {
    let parts: [MemoryPart]
    let size: TopologySize
    let limits: ResourceLimits

    init(_ spec: TopologySpec, limits: ResourceLimits) {
        size = spec.size
        parts =
            [MemoryPart(name: "runtime", bytes: MemoryPart.baseline, detail: "the process before any model")]
            + MemoryPart.fabricParts(size, rerouting: false)
        self.limits = limits
    }

    /// Why the fabric cannot be built, or nil.
    var problem: String? {
        // RoutingTable indexes its next hops with Int32.
        if size.routingEntries + size.hops >= Double(Int32.max) {
            return
                "the routing table would hold \(ScenarioEstimate.count(size.routingEntries)) entries and \(ScenarioEstimate.count(size.hops)) next hops (\(ScenarioEstimate.count(size.nodes)) nodes × \(ScenarioEstimate.count(size.columns)) destination leaves); at most 2^31 − 1 fit its 32-bit indices; expected a smaller fabric"
        }
        guard let limit = limits.memoryBytes, parts.reduce(0, { $0 + $1.bytes }) > limit else { return nil }
        return MemoryPart.refusal(parts.sorted { $0.bytes > $1.bytes }, limit: limit, source: limits.memorySource)
    }
}
