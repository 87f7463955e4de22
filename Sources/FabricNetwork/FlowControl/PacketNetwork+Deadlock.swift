import FabricKernel
import FabricTopology
import FabricTransport

// PFC deadlock detection. A deadlock is a cycle of switch ports each paused by the next switch on the cycle, each
// with packets waiting, none of which can move: every buffer on the cycle waits for the next. The network looks
// for one every half deadlock timeout while any port is paused; a cycle whose ports have all been paused without
// a break for the whole timeout is reported, with its ports, and the run stops.

extension PacketNetwork {
    /// The ports of the deadlock found, in cycle order, or nil.
    public var deadlock: [Int]? { deadlockPorts }

    mutating func armDeadlockCheck(_ scheduler: inout Scheduler) {
        guard config.flowControl == .pfc, !deadlockCheckPending, deadlockPorts == nil else { return }
        deadlockCheckPending = true
        scheduler.schedule(
            NetworkEvent.deadlockCheck.kind, for: .model,
            after: SimTime(rawValue: config.pfc.deadlockTimeout.rawValue / 2))
    }

    mutating func deadlockCheck(_ scheduler: inout Scheduler) {
        deadlockCheckPending = false
        let now = scheduler.now
        // Edges: switch → switch through a port paused for the whole timeout with packets waiting.
        var stuck: [Int: [Int]] = [:]
        var anyPaused = false
        for p in ports.indices where ports[p].pausedClasses > 0 {
            anyPaused = true
            let owner = topology.ports[p].node
            let next = topology.neighbour(through: PortID(p))
            guard !isHost(owner), !isHost(next), now - ports[p].pausedSince >= config.pfc.deadlockTimeout,
                ports[p].queuedBytes > 0
            else { continue }
            stuck[owner.index, default: []].append(p)
        }
        if let cycle = findCycle(stuck) {
            deadlockPorts = cycle
            scheduler.requestStop()
            return
        }
        if anyPaused { armDeadlockCheck(&scheduler) }
    }

    /// A cycle in the graph of stuck ports (node → its stuck egress ports → the nodes they lead to), as ports.
    func findCycle(_ stuck: [Int: [Int]]) -> [Int]? {
        var state: [Int: Int] = [:] // 1 on the current path, 2 finished
        var path: [Int] = [] // ports taken
        func visit(_ node: Int) -> [Int]? {
            state[node] = 1
            for p in stuck[node] ?? [] {
                let next = topology.neighbour(through: PortID(p)).index
                path.append(p)
                if state[next] == 1 {
                    // The cycle is the part of the path from the port leaving `next`.
                    let start = path.firstIndex { topology.ports[$0].node.index == next } ?? 0
                    return Array(path[start...])
                }
                if state[next] == nil, let cycle = visit(next) { return cycle }
                path.removeLast()
            }
            state[node] = 2
            return nil
        }
        for node in stuck.keys.sorted() where state[node] == nil {
            if let cycle = visit(node) { return cycle }
        }
        return nil
    }

    /// "ring0→ring1, ring1→ring2, …" for reports.
    public func describePorts(_ list: [Int]) -> String {
        list.map { topology.linkName(PortID($0)) }.joined(separator: ", ")
    }
}
