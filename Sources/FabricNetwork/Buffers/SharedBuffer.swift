import FabricTransport

/// Each switch's shared packet buffer: the bytes it holds and their peak, per node. Without flow control a queue
/// may hold at most alpha × the buffer still free (the dynamic threshold of Choudhury and Hahne 1998); under PFC
/// what is free sets the XOFF threshold instead (FlowControl/PFC.swift). Hosts hold nothing here: a NIC makes a
/// packet only when it goes on the wire.
struct SharedBuffer: Sendable {
    /// Bytes of each switch's buffer (`NetworkConfig.switchBuffer`).
    let capacity: Int64
    /// Dynamic-threshold alpha (`NetworkConfig.bufferAlpha`).
    let alpha: Double
    /// Bytes held, by node, and their peak.
    private(set) var used: [Int64]
    private(set) var peakUsed: [Int64]

    init(nodes: Int, config: NetworkConfig) {
        capacity = config.switchBuffer.bytes
        alpha = config.bufferAlpha
        used = Array(repeating: 0, count: nodes)
        peakUsed = used
    }

    /// Whether a packet of `bytes` may join a queue holding `queueBytes` at `node` under the dynamic threshold.
    @inline(__always)
    func admits(_ bytes: Int64, queueBytes: Int64, at node: Int) -> Bool {
        let free = Double(capacity - used[node])
        return !(Double(queueBytes + bytes) > alpha * free)
    }

    @inline(__always)
    mutating func hold(_ bytes: Int64, at node: Int) {
        used[node] += bytes
        if used[node] > peakUsed[node] { peakUsed[node] = used[node] }
    }

    @inline(__always)
    mutating func release(_ bytes: Int64, at node: Int) {
        used[node] -= bytes
    }
}
