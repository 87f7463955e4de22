/// What a receiving NIC does with the data packets of a flow: which it keeps, and what it answers. Listed once
/// in `Receivers`; the network calls it for every data packet delivered to a host, and sends the answer
/// (docs/design/0011-load-balancing-and-receivers.md). A receiver keeps its per-flow state by slot; the one
/// thing every receiver tracks, the packets held in order (`Flow.expected`, what a cumulative ACK carries), it
/// is handed.
protocol Receiver: Sendable {
    /// A flow of `packets` packets took slot `slot` (a new slot at the end of the table, or one released).
    mutating func flowStarted(slot: Int, packets: UInt32)
    /// The flow in slot `slot` gave its slot back.
    mutating func flowReleased(slot: Int, packets: UInt32)
    /// Data packet `sequence` of the flow in slot `slot` arrived; `expected` is the packets held in order, which
    /// the receiver advances.
    mutating func receive(_ sequence: UInt32, slot: Int, packets: UInt32, expected: inout UInt32) -> Receipt
    /// Words of per-packet state the receiver holds (for tests and memory reports).
    var stateWords: Int { get }
}

extension Receiver {
    mutating func flowStarted(slot: Int, packets: UInt32) {}
    mutating func flowReleased(slot: Int, packets: UInt32) {}
    var stateWords: Int { 0 }
}

/// What a receiver makes of a data packet, and so what it answers.
enum Receipt {
    /// New data: its payload counts as goodput; acknowledged (cumulatively, `expected`).
    case accepted
    /// Already held: acknowledged again.
    case duplicate
    /// Discarded for a gap before it: the receiver asks for the missing packet (a NACK of `expected`).
    case gap
    /// Discarded without an answer.
    case discarded
}
