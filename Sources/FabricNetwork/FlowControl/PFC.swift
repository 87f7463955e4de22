import FabricKernel
import FabricTopology
import FabricTransport

/// PFC's state (the rules: PacketNetwork+PFC.swift). Per ingress port and class: the bytes held behind it, their
/// peak, the part of them in the port's headroom, and whether a pause is out; per egress port and class: until
/// when it is paused, and whether that pause is being timed; per switch: the bytes in its ports' headroom. All
/// per-class arrays are indexed `port * classes + class`.
struct PFC: Sendable {
    let classes: Int
    /// From `PFCConfig`: the XOFF rule and how far below it XON is. Kept as plain values: reading them through
    /// the config copied it on every packet admitted (a `memcpy` per packet in callgrind).
    let xoff: PFCConfig.Threshold
    let resumeOffset: Int64
    /// Each switch's shared buffer, less `reservedHeadroom`, is what a dynamic XOFF divides.
    let switchBuffer: Int64
    private(set) var ingressBytes: [Int64]
    private(set) var peakIngressBytes: [Int64]
    /// The part of `ingressBytes` that arrived while the shared part stood at its XOFF limit.
    private(set) var headroomHeld: [Int64]
    /// Per switch, `headroomHeld` summed over its ports and classes.
    private(set) var headroomHeldAt: [Int64]
    private(set) var xoffSent: [Bool]
    private(set) var pausedUntil: [SimTime]
    private(set) var pauseOpen: [Bool]
    /// Headroom per ingress port, and reserved per switch (all its ports and classes).
    let headroomBytes: [Int64]
    let reservedHeadroom: [Int64]

    /// How an arriving packet was taken in.
    enum Admission {
        /// Within XOFF.
        case shared
        /// Into the headroom; `pause` when the upstream is to be paused now.
        case headroom(pause: Bool)
        /// Not even the headroom has room: the packet is lost.
        case overrun
    }

    init(topology: Topology, config: NetworkConfig, classes: Int) {
        self.classes = classes
        xoff = config.pfc.xoff
        resumeOffset = config.pfc.resumeOffset.bytes
        switchBuffer = config.switchBuffer.bytes
        let slots = topology.ports.count * classes
        ingressBytes = Array(repeating: 0, count: slots)
        peakIngressBytes = ingressBytes
        headroomHeld = ingressBytes
        headroomHeldAt = Array(repeating: 0, count: topology.nodes.count)
        xoffSent = Array(repeating: false, count: slots)
        pausedUntil = Array(repeating: .zero, count: slots)
        pauseOpen = xoffSent
        let headroom = topology.ports.map { PacketNetwork.headroom(rate: $0.rate, delay: $0.delay, config: config) }
        headroomBytes = headroom
        reservedHeadroom = PacketNetwork.reservedHeadroom(
            topology, headroom: headroom, config: config, classes: classes)
    }

    /// Whether egress queue `q` is paused by its far end at `now`.
    @inline(__always)
    func isPaused(_ q: Int, at now: SimTime) -> Bool { pausedUntil[q] > now }

    /// The XOFF threshold of switch `node`'s ingresses when it holds `bufferUsed` bytes: fixed, or alpha × the
    /// shared buffer still free — the buffer less every port's reserved headroom less what the shared parts hold
    /// (bytes in headroom are in the reserve).
    @inline(__always)
    func xoffThreshold(at node: Int, bufferUsed: Int64) -> Int64 {
        switch xoff {
        case .fixed(let bytes):
            return bytes.bytes
        case .dynamic(let alpha):
            let sharedUsed = bufferUsed - headroomHeldAt[node]
            let free = switchBuffer - reservedHeadroom[node] - sharedUsed
            return Int64(alpha * Double(max(free, 0)))
        }
    }

    /// Takes in `bytes` through ingress port `ingress` (slot `slot`) of switch `node`: to the shared part while
    /// it stays within `xoff`, else to the headroom, or not at all when even the headroom is full.
    @inline(__always)
    mutating func admit(_ bytes: Int64, ingress: Int, slot: Int, node: Int, xoff: Int64) -> Admission {
        let shared = ingressBytes[slot] - headroomHeld[slot]
        let overXoff = shared + bytes > xoff
        if overXoff {
            guard headroomHeld[slot] + bytes <= headroomBytes[ingress] else { return .overrun }
            headroomHeld[slot] += bytes
            headroomHeldAt[node] += bytes
        }
        ingressBytes[slot] += bytes
        if ingressBytes[slot] > peakIngressBytes[slot] { peakIngressBytes[slot] = ingressBytes[slot] }
        guard overXoff else { return .shared }
        let pause = !xoffSent[slot]
        xoffSent[slot] = true
        return .headroom(pause: pause)
    }

    /// `bytes` that came in through ingress slot `slot` of switch `node` have left, from the headroom first.
    @inline(__always)
    mutating func release(_ bytes: Int64, slot: Int, node: Int) {
        ingressBytes[slot] -= bytes
        let fromHeadroom = min(headroomHeld[slot], bytes)
        headroomHeld[slot] -= fromHeadroom
        headroomHeldAt[node] -= fromHeadroom
    }

    /// Lifts the pause of ingress slot `slot` of switch `node` if it is at or below XON for `xoff`; true when it
    /// did. Every byte the ingress still holds is then within its shared limit, the headroom's included: they
    /// become the shared part's, so that the next pause has the whole headroom its formula sizes. (Left in the
    /// headroom, bytes of a pause lifted when a dynamic XOFF had risen under it shrank the room of the next one
    /// and dropped packets of a lossless class: scenarios/incast-congestion-spreading.yaml, 392 of them.)
    mutating func lift(slot: Int, node: Int, xoff: Int64) -> Bool {
        guard ingressBytes[slot] <= xoff - resumeOffset else { return false }
        xoffSent[slot] = false
        headroomHeldAt[node] -= headroomHeld[slot]
        headroomHeld[slot] = 0
        return true
    }

    /// Egress queue `q` is paused until `until`; true when this opens a pause that was not being timed.
    mutating func pause(_ q: Int, until: SimTime) -> Bool {
        pausedUntil[q] = until
        guard !pauseOpen[q] else { return false }
        pauseOpen[q] = true
        return true
    }

    /// Egress queue `q` is resumed at `now`; true when it ends a pause that was being timed.
    mutating func resume(_ q: Int, at now: SimTime) -> Bool {
        pausedUntil[q] = now
        return endPause(q)
    }

    /// Egress queue `q`'s pause is no longer timed; true when it was.
    mutating func endPause(_ q: Int) -> Bool {
        guard pauseOpen[q] else { return false }
        pauseOpen[q] = false
        return true
    }

    /// The earliest expiry of the pauses being timed on egress port `p`, or `.max`.
    func earliestExpiry(port p: Int) -> SimTime {
        var earliest = SimTime.max
        for c in 0..<classes where pauseOpen[p * classes + c] {
            earliest = min(earliest, pausedUntil[p * classes + c])
        }
        return earliest
    }

    /// Whether egress queue `q`'s timed pause has run out at `now`.
    func hasExpired(_ q: Int, at now: SimTime) -> Bool { pauseOpen[q] && pausedUntil[q] <= now }
}
