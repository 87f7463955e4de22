/// How the collective library drives the transport's connections, GPU to GPU: how many queue pairs carry one
/// connection, and whether receivers admit messages (docs/network-model.md, "Connections"). Both fidelities
/// honour it: it acts above the network, in the collectives' executor.
public struct ConnectionConfig: Sendable, Equatable {
    /// Queue pairs per connection: each message is split evenly across them, each part on its queue pair's
    /// path (NCCL's `NCCL_IB_QPS_PER_CONNECTION` with `NCCL_IB_SPLIT_DATA_ON_QPS=1`). A queue pair keeps its path
    /// for the connection's life, so under ECMP more queue pairs are more paths.
    public var queuePairs: Int
    /// Receiver-driven admission: at most this many messages in flight into one NIC; each message waits for a
    /// grant (clear-to-send) from its receiver, sent when one of the receiver's places is free, and starts when
    /// the grant has reached its sender. Nil for none: a message starts as soon as it is ready.
    public var admission: Int?

    public init(queuePairs: Int = 1, admission: Int? = nil) {
        precondition(queuePairs >= 1, "a connection has at least one queue pair")
        precondition(admission.map { $0 >= 1 } ?? true, "admission lets at least one message in")
        self.queuePairs = queuePairs
        self.admission = admission
    }

    /// One queue pair per connection, no admission: NCCL's defaults.
    public static let standard = ConnectionConfig()
}
