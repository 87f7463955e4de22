import FabricMetrics

/// The packets a fabric lost, by cause, summed over a run (or over its episodes), and the check a lossless
/// fabric owes: InfiniBand credits and PFC exist so that a congested buffer never drops.
///
/// Under PFC every class is lossless in this model (each ingress class has its XOFF threshold and headroom), so
/// a drop for a full headroom or a full buffer is a failure of flow control — a model bug, or headroom too small
/// for the configuration — and fails the run (exit 1). Packets lost on a failed cable or for want of a route are
/// the faults' doing, which no flow control prevents: they are reported beside, not counted against it.
public struct LossTally: Sendable, Equatable {
    public var bufferFull: Int64 = 0
    public var headroomOverrun: Int64 = 0
    /// On a failed cable, or with no route left.
    public var lostToFaults: Int64 = 0

    public init() {}

    public init(_ counters: NetworkCounters) {
        add(counters)
    }

    public mutating func add(_ counters: NetworkCounters) {
        bufferFull += counters.dropsBufferFull
        headroomOverrun += counters.dropsHeadroomOverrun
        lostToFaults += counters.dropsLinkDown + counters.dropsUnroutable
    }

    /// Drops that lossless flow control should have prevented.
    public var inLosslessClasses: Int64 { bufferFull + headroomOverrun }

    /// "lossless under credits" or "lossless under PFC"; nil for a fabric without flow control.
    public func check(_ flowControl: NetworkConfig.FlowControl) -> ResultCheck? {
        let faults =
            lostToFaults > 0 ? "; \(lostToFaults) more lost on failed links, which no flow control prevents" : ""
        switch flowControl {
        case .none:
            return nil
        case .credits:
            return ResultCheck(
                name: "lossless under credits", passed: bufferFull == 0,
                detail: "\(bufferFull) packets dropped for lack of buffer" + faults)
        case .pfc:
            let causes =
                inLosslessClasses > 0 ? " (headroom overrun \(headroomOverrun), buffer full \(bufferFull))" : ""
            return ResultCheck(
                name: "lossless under PFC", passed: inLosslessClasses == 0,
                detail: "\(inLosslessClasses) packets dropped in lossless classes" + causes + faults)
        }
    }
}
