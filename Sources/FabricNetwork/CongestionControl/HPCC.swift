import FabricKernel
import FabricTransport

/// HPCC (Li et al., "HPCC: High Precision Congestion Control", SIGCOMM 2019; `HPCCConfig`): the sender keeps a
/// window from the in-band telemetry its ACKs echo (PacketNetwork+Telemetry.swift) and paces at the window over the
/// flow's base round trip T (its idle path: a full data packet out, its ACK back).
///
/// On each ACK, per hop i of the path, from this ACK's record and the previous one of the same port:
/// txRate = Δbytes / Δt and u_i = min(qlen, qlen_prev) / (B_i·T) + txRate / B_i, the link's in-flight bytes over
/// its bandwidth-delay product (the smaller of two queue samples filters a transient); u is the largest u_i, τ
/// that hop's Δt (at most T), and the flow's estimate U ← (1 − τ/T)·U + (τ/T)·u. The window is
/// W = W_c / (U/η) + W_AI when U ≥ η or after maxStage additive rounds, else W = W_c + W_AI. The reference
/// window W_c takes W only once per round trip — on the first ACK of a packet sent after the last update
/// (sequence beyond `lastUpdate`) — so that the reaction on every other ACK is computed from the same W_c and
/// does not compound; maxStage counts those updates. W stays within [minimum rate × T, B·T], B the sender's line
/// rate; a flow starts at B·T, line rate. Pacing rate W/T.
///
/// The paper's Algorithm 1, with one aggregate U per flow: the authors' simulator does the same when run as the
/// paper was (rdma-hw.cc, `UpdateRateHp` with MULTI_RATE 0, FAST_REACT 1 in run.py), there on a rate rather than a
/// window. A first ACK, or one whose records name other ports (the path changed), only stores the records.
struct HPCC: CongestionControl {
    /// A flow's sender state.
    struct FlowState: Sendable {
        /// T, and the window bounds and additive step from it, in bytes.
        var baseRoundTrip: SimTime = .zero
        var maximumWindow: Double = 0
        var minimumWindow: Double = 0
        var additiveIncrease: Double = 0
        /// W_c, U, and the additive rounds since the last multiplicative change.
        var referenceWindow: Double = 0
        var utilisation: Double = 1
        var stage = 0
        /// `nextToSend` when W_c was last updated: an ACK beyond it starts the next round trip.
        var lastUpdate: UInt32 = 0
        /// The previous ACK's records (L), and whether there was one.
        var last = HopTrace()
        var hasRecords = false
    }

    let config: HPCCConfig
    /// By slot.
    private var flows: [FlowState] = []

    init(_ config: HPCCConfig) {
        self.config = config
    }

    mutating func flowStarted(_ flow: inout StartedFlow) {
        var state = FlowState()
        let T = flow.baseRoundTrip
        if T > .zero {
            let seconds = T.seconds
            state.baseRoundTrip = T
            state.maximumWindow = Double(flow.lineRate.bitsPerSecond) * seconds / 8
            state.minimumWindow = min(Double(config.minimumRate.bitsPerSecond) * seconds / 8, state.maximumWindow)
            state.additiveIncrease =
                Double(config.additiveIncrease(lineRate: flow.lineRate).bitsPerSecond) * seconds / 8
            state.referenceWindow = state.maximumWindow
            flow.window = ByteCount(Int64(state.maximumWindow))
        }
        if flow.slot == flows.count { flows.append(state) } else { flows[flow.slot] = state }
    }

    mutating func acknowledged(
        _ ack: Packet, telemetry: HopTrace, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler
    ) {
        var state = flows[flow.slot]
        defer { flows[flow.slot] = state }
        // No route when it was sent: no T, so no window; the flow runs at line rate.
        guard state.baseRoundTrip > .zero else { return }
        guard state.hasRecords, Self.samePath(state.last, telemetry) else {
            if !state.hasRecords { state.lastUpdate = flow.nextToSend }
            state.last = telemetry
            state.hasRecords = true
            return
        }
        guard let (u, tau) = Self.load(telemetry, since: state.last, baseRoundTrip: state.baseRoundTrip) else {
            state.last = telemetry
            return
        }
        let T = Double(state.baseRoundTrip.rawValue)
        let weight = min(tau, T) / T
        state.utilisation = (1 - weight) * state.utilisation + weight * u
        let update = ack.sequence > state.lastUpdate
        var window: Double
        if state.utilisation >= config.targetUtilisation || state.stage >= config.maxStage {
            window = state.referenceWindow / (state.utilisation / config.targetUtilisation) + state.additiveIncrease
            if update { state.stage = 0 }
        } else {
            window = state.referenceWindow + state.additiveIncrease
            if update { state.stage += 1 }
        }
        window = min(max(window, state.minimumWindow), state.maximumWindow)
        if update {
            state.referenceWindow = window
            state.lastUpdate = flow.nextToSend
        }
        state.last = telemetry
        flow.window = ByteCount(Int64(window))
        let rate = window * 8 / state.baseRoundTrip.seconds
        flow.pacingRate = rate >= Double(flow.lineRate.bitsPerSecond) ? nil : Bandwidth(rawValue: Int64(rate))
    }

    /// Whether two traces crossed the same ports.
    private static func samePath(_ a: HopTrace, _ b: HopTrace) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.port == $1.port }
    }

    /// The most loaded hop's normalised in-flight bytes u, and the time τ between its two records (picoseconds);
    /// nil when no hop has two records apart in time.
    private static func load(_ now: HopTrace, since before: HopTrace, baseRoundTrip: SimTime) -> (Double, Double)? {
        let T = baseRoundTrip.seconds
        var best: (u: Double, tau: Double)?
        for (hop, previous) in zip(now, before) {
            let dt = hop.time - previous.time
            guard dt > .zero else { continue }
            let bandwidth = Double(hop.rate.bitsPerSecond)
            let txRate = Double(hop.transmittedBytes - previous.transmittedBytes) * 8 / dt.seconds
            let queue = Double(min(hop.queueBytes, previous.queueBytes)) * 8
            let u = queue / (bandwidth * T) + txRate / bandwidth
            if best.map({ u > $0.u }) ?? true { best = (u, Double(dt.rawValue)) }
        }
        return best.map { ($0.u, $0.tau) }
    }
}
