import FabricTransport

/// The receivers, and the one in force: the list. Adding one is a case here and in `NetworkConfig.Receiver`, its
/// line in `init` and one line in each of the four members below
/// (docs/design/0011-load-balancing-and-receivers.md). An enum, as `CongestionControllers` is and for the same
/// reasons.
enum Receivers: Sendable {
    case goBackN(GoBackNReceiver)
    case selective(SelectiveReceiver)

    init(_ config: NetworkConfig) {
        switch config.receiver {
        case .goBackN: self = .goBackN(GoBackNReceiver())
        case .selective: self = .selective(SelectiveReceiver())
        }
    }

    @inline(__always)
    mutating func flowStarted(slot: Int, packets: UInt32) {
        switch consume self {
        case .goBackN(var r):
            r.flowStarted(slot: slot, packets: packets)
            self = .goBackN(r)
        case .selective(var r):
            r.flowStarted(slot: slot, packets: packets)
            self = .selective(r)
        }
    }

    @inline(__always)
    mutating func flowReleased(slot: Int, packets: UInt32) {
        switch consume self {
        case .goBackN(var r):
            r.flowReleased(slot: slot, packets: packets)
            self = .goBackN(r)
        case .selective(var r):
            r.flowReleased(slot: slot, packets: packets)
            self = .selective(r)
        }
    }

    @inline(__always)
    mutating func receive(_ sequence: UInt32, slot: Int, packets: UInt32, expected: inout UInt32) -> Receipt {
        switch consume self {
        case .goBackN(var r):
            defer { self = .goBackN(r) }
            return r.receive(sequence, slot: slot, packets: packets, expected: &expected)
        case .selective(var r):
            defer { self = .selective(r) }
            return r.receive(sequence, slot: slot, packets: packets, expected: &expected)
        }
    }

    var stateWords: Int {
        switch self {
        case .goBackN(let r): r.stateWords
        case .selective(let r): r.stateWords
        }
    }
}
