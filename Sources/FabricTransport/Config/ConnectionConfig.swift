/// How the collective library drives the transport's connections, GPU to GPU: how many queue pairs carry one
/// connection, and whether receivers admit messages (docs/network-model.md, "Connections"). Both fidelities
/// honour it: it acts above the network, in the collectives' executor.
public struct ConnectionConfig: Sendable, Equatable {
    /// How a connection's messages use its queue pairs.
    public enum QueuePairUse: String, Sendable, CaseIterable {
        /// Each message whole on the next queue pair in turn (NCCL's default, `NCCL_IB_SPLIT_DATA_ON_QPS=0`).
        case roundRobin = "round-robin"
        /// Each message split evenly across the queue pairs (NCCL's `NCCL_IB_SPLIT_DATA_ON_QPS=1`).
        case split
    }

    /// Queue pairs per connection (NCCL's `NCCL_IB_QPS_PER_CONNECTION`). A queue pair keeps its path for the
    /// connection's life, so under ECMP more queue pairs are more paths.
    public var queuePairs: Int
    public var queuePairUse: QueuePairUse
    /// Receiver-driven admission: at most this many messages in flight into one NIC; each message waits for a
    /// grant (clear-to-send) from its receiver, sent when one of the receiver's places is free, and starts when
    /// the grant has reached its sender. Nil for none: a message starts as soon as it is ready.
    public var admission: Int?

    public init(queuePairs: Int = 1, queuePairUse: QueuePairUse = .roundRobin, admission: Int? = nil) {
        precondition(queuePairs >= 1, "a connection has at least one queue pair")
        precondition(admission.map { $0 >= 1 } ?? true, "admission lets at least one message in")
        self.queuePairs = queuePairs
        self.queuePairUse = queuePairUse
        self.admission = admission
    }

    /// One queue pair per connection, no admission: NCCL's defaults.
    public static let standard = ConnectionConfig()
}
