import FabricTransport

extension ConnectionConfig.QueuePairUse: ScenarioChoice {}

/// The connection keys of `network:` (`ConnectionConfig`): queue pairs per connection and receiver admission,
/// what the collective library does with the transport. Fabric-neutral: both technologies have them.
enum ConnectionKeys {
    static let queuePairs = ScenarioKey<Int64>(
        "queue_pairs", default: 1, range: 1...64,
        meaning: "Queue pairs per GPU-to-GPU connection, each keeping its own ECMP path (NCCL_IB_QPS_PER_CONNECTION).")
    static let queuePairUse = ScenarioKey<ConnectionConfig.QueuePairUse>(
        "queue_pair_use", default: .roundRobin,
        meaning:
            "round-robin: each message whole on the next queue pair (NCCL's default); split: each message split evenly across them (NCCL_IB_SPLIT_DATA_ON_QPS=1)."
    )
    static let admission = ScenarioKey<Int64>(
        "receiver_admission", default: 0, range: 0...1_000_000,
        meaning:
            "Receiver-driven admission: at most this many messages in flight into one NIC, each further one started by a grant from its receiver (Meta's clear-to-send); 0 for none."
    )

    static var documentation: [KeyDocumentation] {
        [queuePairs.documentation, queuePairUse.documentation, admission.documentation]
    }

    /// Reads the keys into `config`; false if any was invalid.
    static func read(_ reader: inout SectionReader, into config: inout NetworkConfig) -> Bool {
        let pairs = reader.read(queuePairs)
        let use = reader.read(queuePairUse)
        let admitted = reader.read(admission)
        guard let pairs, let use, let admitted else { return false }
        config.connections = ConnectionConfig(
            queuePairs: Int(pairs), queuePairUse: use, admission: admitted == 0 ? nil : Int(admitted))
        return true
    }
}
