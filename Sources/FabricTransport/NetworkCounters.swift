import FabricKernel

/// What the network has done, for conservation and reports.
public struct NetworkCounters: Sendable, Equatable {
    public var packetsInjected: Int64 = 0
    public var packetsDelivered: Int64 = 0
    public var packetsDropped: Int64 = 0
    /// Drops by cause: no room in the switch buffer (never under credits), a failed cable, no route.
    public var dropsBufferFull: Int64 = 0
    public var dropsLinkDown: Int64 = 0
    public var dropsUnroutable: Int64 = 0
    public var dropsHeadroomOverrun: Int64 = 0
    public var pauseFrames: Int64 = 0
    public var ecnMarks: Int64 = 0
    public var cnpsSent: Int64 = 0
    public var bytesInjected: Int64 = 0
    public var bytesDelivered: Int64 = 0
    public var bytesDropped: Int64 = 0
    /// Packet trimming: data packets a switch cut to their headers instead of dropping them, and the wire bytes
    /// cut off (the headers go on, so the packets are still counted as in the network).
    public var packetsTrimmed: Int64 = 0
    public var bytesTrimmed: Int64 = 0
    public var dataPacketsSent: Int64 = 0
    public var retransmittedPackets: Int64 = 0
    public var timeouts: Int64 = 0
    public var nacksSent: Int64 = 0
    /// Receiver credits: grants receivers sent.
    public var grantsSent: Int64 = 0
    public var flowsStarted: Int64 = 0
    public var flowsCompleted: Int64 = 0
    /// Payload bytes delivered in order to receivers (each byte once).
    public var goodputBytes: Int64 = 0
    /// Links crossed by data and control packets.
    public var packetHops: Int64 = 0

    public init() {}
}
