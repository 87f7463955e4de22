/// In-band network telemetry for the packets of a run: each packet's `HopTrace`, in a side table indexed like the
/// packet pool, kept only when the congestion controller in force asks for it
/// (`ControllerFeedback.inBandTelemetry`, read once when the network is built). Why a side table and not fields of
/// `Packet`: docs/design/0015-telemetry.md. The rules of when records are written and echoed:
/// PacketNetwork+Telemetry.swift.
struct InBandTelemetry: Sendable {
    let isOn: Bool
    /// By pool index; grows with the pool's peak, as the pool does, and never shrinks.
    private var traces: [HopTrace] = []
    /// The trace of the packet being received, taken before the pool reuses its index: what the receiver echoes
    /// in its ACK, or what the sender's controller reads.
    private(set) var received = HopTrace()

    init(isOn: Bool) {
        self.isOn = isOn
    }

    /// A data packet was made at pool index `x`: it starts with no records.
    mutating func clear(_ x: UInt32) {
        let i = Int(x)
        while traces.count <= i { traces.append(HopTrace()) }
        traces[i] = HopTrace()
    }

    /// A switch's record for the data packet at `x`.
    mutating func stamp(_ x: UInt32, _ record: HopRecord) {
        traces[Int(x)].append(record)
    }

    /// The packet at `x` reaches a host: its trace is kept (`received`) before its index is freed.
    mutating func receive(_ x: UInt32) {
        let i = Int(x)
        received = i < traces.count ? traces[i] : HopTrace()
    }

    /// The acknowledgement made at `x` echoes the data packet just received.
    mutating func echo(into x: UInt32) {
        let i = Int(x)
        while traces.count <= i { traces.append(HopTrace()) }
        traces[i] = received
    }

    /// The trace of the packet at `x` (for tests and diagnostics).
    func trace(_ x: UInt32) -> HopTrace { Int(x) < traces.count ? traces[Int(x)] : HopTrace() }
}
