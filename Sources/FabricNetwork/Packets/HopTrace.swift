import FabricKernel

/// What a switch writes into a data packet as the packet leaves one of its egress ports: in-band network telemetry
/// (INT) as HPCC reads it (Li et al., "HPCC: High Precision Congestion Control", SIGCOMM 2019, §3.1: queue length,
/// transmitted bytes, timestamp and link rate per hop; the authors' simulator stamps the same four at dequeue,
/// simulation/src/point-to-point/model/switch-node.cc), and the port, so that a reader can tell a change of path.
/// Exact values: the hardware's field widths (the simulator quantises queues to 80 bytes and byte counts to 128) are
/// not modelled.
public struct HopRecord: Sendable, Equatable {
    /// The egress port, as `topology.ports` numbers them.
    public var port: Int32
    /// Bytes waiting in the port's queues, every class, as the packet leaves (itself no longer counted).
    public var queueBytes: Int64
    /// Bytes the port had sent before this packet: between two records of one port, their difference over the time
    /// between them is the port's transmit rate.
    public var transmittedBytes: Int64
    /// When the packet left the queue.
    public var time: SimTime
    /// The port's rate then (a fault may have lowered it).
    public var rate: Bandwidth

    public init(port: Int32, queueBytes: Int64, transmittedBytes: Int64, time: SimTime, rate: Bandwidth) {
        self.port = port
        self.queueBytes = queueBytes
        self.transmittedBytes = transmittedBytes
        self.time = time
        self.rate = rate
    }
}

/// The hop records one packet carries, in the order of the switches it crossed. An INT header has room for a fixed
/// number of hops; a switch beyond them writes nothing, as a switch finding the header full does.
public struct HopTrace: Sendable {
    /// Five: the authors' INT header (`IntHeader::maxHop`, simulation/src/network/utils/int-header.h), and the
    /// switches on the longest path of a three-tier fat-tree, the deepest bundled fabric.
    public static let capacity = 5

    public private(set) var count = 0
    private var records = InlineArray<5, HopRecord>(
        repeating: HopRecord(port: -1, queueBytes: 0, transmittedBytes: 0, time: .zero, rate: Bandwidth(rawValue: 0)))

    public init() {}

    /// A switch's record, unless the trace is full.
    @inline(__always)
    mutating func append(_ record: HopRecord) {
        guard count < Self.capacity else { return }
        records[count] = record
        count += 1
    }
}

extension HopTrace: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(i: Int) -> HopRecord {
        precondition(i >= 0 && i < count, "hop \(i) of a trace of \(count)")
        return records[i]
    }
}
