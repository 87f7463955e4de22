import FabricTopology
import Foundation

extension CollectiveSpec {
    /// Why the spec cannot run over the first `ranks` GPUs of `topology` (beyond `problem(ranks:)`), or nil.
    public func problem(ranks: Int, topology: Topology) -> String? {
        let layout = GPULayout(topology: topology)
        if ranks > layout.count { return "the topology has \(layout.count) GPUs; \(ranks) ranks asked for" }
        if algorithm == .hierarchical || algorithm == .pipelinedHierarchical {
            var perServer: [Int32: Int] = [:]
            for gpu in 0..<ranks { perServer[layout.server[gpu], default: 0] += 1 }
            if Set(perServer.values).count > 1 {
                return
                    "hierarchical all-reduce needs the same number of ranks on every server; the first \(ranks) GPUs put \(perServer.values.min()!) on one server and \(perServer.values.max()!) on another"
            }
        }
        return nil
    }

    /// About how many transfers the schedule of this spec has over `ranks` ranks on servers of `gpusPerServer`
    /// GPUs: for refusing, before building, schedules too large for memory.
    public func estimatedTransfers(ranks p: Int, gpusPerServer g: Int, channels: Int) -> Double {
        let n = Double(max(bytes, 1))
        let s = Double(chunkBytes)
        func ring(_ p: Int, _ n: Double, steps: Int, channels: Int) -> Double {
            let chunks = max(1, (n / Double(channels) / Double(p) / s).rounded(.up))
            return Double(channels * p * steps) * chunks
        }
        switch (kind, algorithm) {
        case (.allReduce, .tree): return 4 * Double(p) * max(1, (n / 2 / s).rounded(.up))
        case (.allReduce, .halvingDoubling): return 2 * Double(p) * (log2(Double(p)) + 1)
        case (.allReduce, .hierarchical):
            let servers = max(1, p / max(g, 1))
            let inside = g > 1 ? Double(servers) * 2 * ring(g, n, steps: g - 1, channels: 1) : 0
            guard servers > 1 else { return inside }
            // Across servers, one all-reduce of n/g per rail, by the inter-server algorithm (a ring: one channel
            // per rail unless the spec says otherwise).
            var across = self
            across.algorithm = interServer
            across.bytes = max(1, bytes / Int64(max(g, 1)))
            return inside + Double(g)
                * across.estimatedTransfers(ranks: servers, gpusPerServer: 1, channels: self.channels ?? 1)
        case (.allReduce, .pipelinedHierarchical):
            let servers = max(1, p / max(g, 1))
            guard servers > 1, g > 1 else {
                var sequential = self
                sequential.algorithm = servers > 1 ? .ring : .hierarchical
                return sequential.estimatedTransfers(ranks: p, gpusPerServer: g, channels: 1)
            }
            // Per rail a ring of 2(S − 1) steps of C chunks; over NVLink at most 2(G − 1) messages a chunk.
            let ranks = Double(p)
            let chunks = max(1, (n / Double(g) / Double(servers) / s).rounded(.up))
            return ranks * chunks * Double(servers) * (2 + 2 * Double(g - 1))
        case (.allReduce, _): return ring(p, n, steps: 2 * (p - 1), channels: channels)
        case (.allToAll, _): return Double(p) * Double(p - 1)
        default: return ring(p, n, steps: p - 1, channels: channels)
        }
    }
}
