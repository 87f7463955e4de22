import CNuma
import Foundation

/// The machine's NUMA nodes as libnuma reports them, and the two placement calls a sweep worker makes: run this
/// thread on a node's CPUs, and take this thread's memory from that node first.
///
/// Why: on a multi-socket workstation a simulation that runs on one socket but allocates on the other pays the
/// interconnect on every packet-pool and event-queue access. A sweep's runs share nothing, so each worker can
/// live entirely on one node. Where libnuma says NUMA is not supported (`numa_available() < 0`: some
/// containers, kernels built without it), the machine is one node holding every CPU, placement does nothing, and
/// `notice` says so, for the caller to print once.
public struct NumaMachine: Sendable, Equatable {
    /// A node with at least one CPU this process may use (memory-only nodes, and nodes outside the process's
    /// cpuset, cannot host a worker).
    public struct Node: Sendable, Equatable {
        public var id: Int
        /// Logical CPU numbers the process may use, ascending.
        public var cpus: [Int]
    }

    /// Whether libnuma can place threads and memory here.
    public let isAvailable: Bool
    public let nodes: [Node]

    /// Reads the machine through libnuma. `FABRICSIM_NUMA=off` in the environment, or `forceUnavailable`, gives
    /// the fallback as if libnuma had refused: how the fallback is tested on a machine that supports NUMA.
    public static func detect(forceUnavailable: Bool = false) -> NumaMachine {
        let disabled = forceUnavailable || ProcessInfo.processInfo.environment["FABRICSIM_NUMA"] == "off"
        guard !disabled, numa_available() >= 0 else { return unavailable }
        let cpuCount = Int(numa_num_configured_cpus())
        guard let mask = numa_allocate_cpumask() else { return unavailable }
        defer { numa_bitmask_free(mask) }
        var nodes: [Node] = []
        for id in 0...Int(max(0, numa_max_node())) where numa_bitmask_isbitset(cnuma_all_nodes(), UInt32(id)) != 0 {
            guard numa_node_to_cpus(Int32(id), mask) == 0 else { continue }
            let cpus = (0..<cpuCount).filter {
                numa_bitmask_isbitset(mask, UInt32($0)) != 0 && numa_bitmask_isbitset(cnuma_all_cpus(), UInt32($0)) != 0
            }
            if !cpus.isEmpty { nodes.append(Node(id: id, cpus: cpus)) }
        }
        return nodes.isEmpty ? unavailable : NumaMachine(isAvailable: true, nodes: nodes)
    }

    /// No NUMA support: one node with every CPU the process may use.
    public static var unavailable: NumaMachine {
        NumaMachine(
            isAvailable: false, nodes: [Node(id: 0, cpus: Array(0..<ProcessInfo.processInfo.activeProcessorCount))])
    }

    /// What to tell the user once, when threads will not be placed.
    public var notice: String? {
        isAvailable
            ? nil : "note: NUMA placement is not available here (libnuma: numa_available() < 0); workers run unpinned"
    }

    /// The node worker `index` lives on: round robin over the nodes, so `n` workers spread evenly.
    public func node(forWorker index: Int) -> Node { nodes[index % nodes.count] }

    /// Binds the calling thread to `node`'s CPUs and prefers `node` for the memory it allocates from now on
    /// (libnuma's `numa_run_on_node` and `numa_set_preferred`). Returns whether the thread was placed; without
    /// NUMA support it does nothing and returns false.
    @discardableResult
    public func placeCurrentThread(on node: Node) -> Bool {
        guard isAvailable, nodes.contains(node) else { return false }
        guard numa_run_on_node(Int32(node.id)) == 0 else { return false }
        numa_set_preferred(Int32(node.id))
        return true
    }

    /// The node libnuma prefers for the calling thread's allocations; nil without NUMA support.
    public func preferredNode() -> Int? { isAvailable ? Int(numa_preferred()) : nil }

    /// The CPU the calling thread is running on now (getcpu(2)); nil if the kernel does not say.
    public static func currentCPU() -> Int? {
        let cpu = cnuma_current_cpu()
        return cpu >= 0 ? Int(cpu) : nil
    }

    /// The node that holds `cpu`; nil without NUMA support or for an unknown CPU.
    public func node(ofCPU cpu: Int) -> Int? {
        guard isAvailable else { return nil }
        let node = numa_node_of_cpu(Int32(cpu))
        return node >= 0 ? Int(node) : nil
    }
}
