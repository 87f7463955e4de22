/// All packets of a run, by index, with a free list: a packet costs no allocation once the pool has grown to the
/// run's peak number of packets alive.
public struct PacketPool: Sendable {
    public static let none = UInt32.max
    var packets: [Packet] = []
    var freeHead: UInt32 = PacketPool.none
    /// Packets allocated and not yet freed.
    public private(set) var live = 0
    public private(set) var peakLive = 0

    public init() {}

    public mutating func allocate(_ packet: Packet) -> UInt32 {
        live += 1
        if live > peakLive { peakLive = live }
        if freeHead != Self.none {
            let index = freeHead
            freeHead = packets[Int(index)].next
            packets[Int(index)] = packet
            return index
        }
        packets.append(packet)
        return UInt32(packets.count - 1)
    }

    public mutating func free(_ index: UInt32) {
        live -= 1
        packets[Int(index)].next = freeHead
        freeHead = index
    }

    public subscript(index: UInt32) -> Packet {
        get { packets[Int(index)] }
        _modify { yield &packets[Int(index)] }
    }

    /// Bytes held by the pool's storage.
    public var reservedBytes: Int { packets.capacity * MemoryLayout<Packet>.stride }
}

/// A FIFO of packets threaded through the pool's `next` links: no storage of its own, O(1) push and pop.
public struct PacketList: Sendable {
    public var head: UInt32 = PacketPool.none
    public var tail: UInt32 = PacketPool.none
    public var count: Int32 = 0
    /// Wire bytes of the packets in the list.
    public var bytes: Int64 = 0

    public init() {}

    public var isEmpty: Bool { head == PacketPool.none }

    public mutating func append(_ index: UInt32, in pool: inout PacketPool) {
        pool[index].next = PacketPool.none
        if tail == PacketPool.none { head = index } else { pool[tail].next = index }
        tail = index
        count += 1
        bytes += Int64(pool[index].bytes)
    }

    public mutating func removeFirst(in pool: inout PacketPool) -> UInt32 {
        let index = head
        head = pool[index].next
        if head == PacketPool.none { tail = PacketPool.none }
        count -= 1
        bytes -= Int64(pool[index].bytes)
        return index
    }
}
