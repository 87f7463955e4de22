import FabricKernel
import FabricTransport
import Foundation

/// DCQCN (Zhu et al., SIGCOMM 2015; `DCQCNConfig`), the rate control of RoCEv2 NICs. The receiver (notification
/// point) answers ECN-marked data with at most one CNP per flow per interval. The sender (reaction point) cuts
/// the flow's rate on a CNP — target ← current, current ← current·(1 − α/2), α ← (1 − g)·α + g — and lets α
/// decay by (1 − g) per period without one. It then climbs back in steps driven by a timer and by a byte
/// counter: while both have counted fewer than F steps since the cut, fast recovery (current ← (target +
/// current)/2); when both have reached F, hyper increase (target += R_HAI first); otherwise additive increase
/// (target += R_AI first). Without a byte counter the timer alone counts, as in the Mellanox-style reaction point
/// of the HPCC authors' simulator (rdma-hw.cc, `RateIncEventMlx`): F steps of fast recovery, one of additive
/// increase, then hyper increase. R_AI and R_HAI given per unit of rate are taken at the flow's line rate. The rate
/// paces the flow's packets at its NIC.
struct DCQCN: CongestionControl {
    /// A flow's state (reaction point at the sender, notification point at the receiver).
    struct FlowState: Sendable {
        /// Current and target rate, bits per second.
        var current: Double = 0
        var target: Double = 0
        var alpha: Double = 1
        var alphaUpdated: SimTime = .zero
        var lastDecrease: SimTime?
        var timerSteps = 0
        var byteSteps = 0
        var bytesSinceStep: Int64 = 0
        /// Rate-limited (after a CNP, until it climbs back to line rate).
        var limited = false
        var timerDue: SimTime = .zero
        var timerPending = false
        var timerEvent: EventID?
        var seenCNP = false
        /// Receiver side: when the last CNP for this flow was sent.
        var lastCNP: SimTime?
    }

    /// The parameters, behind a reference: the list moves a controller's stored properties on every hook
    /// (`CongestionControllers.apply`), and a reference is one word where the config is a hundred bytes — copied
    /// twice per packet, that cost the PFC fat-tree run 0.7 % more instructions, DCQCN off.
    private final class Parameters: Sendable {
        let config: DCQCNConfig
        init(_ config: DCQCNConfig) { self.config = config }
    }

    private let parameters: Parameters
    private var config: DCQCNConfig { parameters.config }
    /// By slot.
    private var flows: [FlowState] = []

    init(_ config: DCQCNConfig) {
        parameters = Parameters(config)
    }

    mutating func flowStarted(_ flow: inout StartedFlow) {
        let slot = flow.slot
        if slot == flows.count { flows.append(FlowState()) } else { flows[slot] = FlowState() }
    }

    /// Notification point: at most one CNP per flow per `cnpInterval`, for marked packets.
    mutating func dataArrived(_ packet: Packet, slot f: Int, now: SimTime) -> Bool {
        guard packet.ecn else { return false }
        if let last = flows[f].lastCNP, now - last < config.cnpInterval { return false }
        flows[f].lastCNP = now
        return true
    }

    /// Reaction point: a CNP.
    mutating func notified(_ notification: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {
        let now = flow.now
        let f = flow.slot
        var s = flows[f]
        let line = Double(flow.lineRate.bitsPerSecond)
        if !s.seenCNP {
            s.seenCNP = true
            s.alpha = config.initialAlpha
            s.current = line
            s.target = line
        } else {
            // The periods since the last update passed without a CNP: α decayed in each.
            let periods = (now - s.alphaUpdated) / config.alphaPeriod
            if periods > 0 { s.alpha *= pow(1 - config.g, Double(periods)) }
            s.alpha = (1 - config.g) * s.alpha + config.g
        }
        s.alphaUpdated = now
        if s.lastDecrease.map({ now - $0 >= config.decreasePeriod }) ?? true {
            s.lastDecrease = now
            // Without clamping, consecutive cuts with no timer step between them keep the target to recover to.
            if config.clampTargetRate || s.timerSteps > 0 { s.target = s.current }
            let factor = max(1 - s.alpha / 2, 1 - config.maximumDecrease)
            s.current = max(s.current * factor, Double(config.minimumRate.bitsPerSecond))
            s.timerSteps = 0
            s.byteSteps = 0
            s.bytesSinceStep = 0
            s.limited = true
            s.timerDue = now + config.rateTimer
            flow.pacingRate = Bandwidth(rawValue: Int64(s.current))
        }
        let arm = !s.timerPending
        s.timerPending = true
        if arm { s.timerEvent = flow.scheduleTimer(at: s.timerDue, &scheduler) }
        flows[f] = s
    }

    /// Reaction point: the rate-increase timer.
    mutating func timer(_ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {
        let f = flow.slot
        flows[f].timerPending = false
        guard flows[f].limited else { return }
        if flow.now >= flows[f].timerDue {
            flows[f].timerSteps += 1
            increaseRate(&flow)
            flows[f].timerDue = flow.now + config.rateTimer
        }
        guard flows[f].limited else { return }
        flows[f].timerPending = true
        flows[f].timerEvent = flow.scheduleTimer(at: flows[f].timerDue, &scheduler)
    }

    /// Reaction point: the byte counter.
    mutating func dataSent(_ flow: inout ControlledFlow, bytes: Int, _ scheduler: inout Scheduler) {
        let f = flow.slot
        guard flows[f].limited, let counter = config.byteCounter?.bytes else { return }
        flows[f].bytesSinceStep += Int64(bytes)
        if flows[f].bytesSinceStep >= counter {
            flows[f].bytesSinceStep -= counter
            flows[f].byteSteps += 1
            increaseRate(&flow)
        }
    }

    mutating func flowFinished(slot f: Int, _ scheduler: inout Scheduler) {
        if flows[f].timerPending, let timer = flows[f].timerEvent {
            scheduler.cancel(timer)
            flows[f].timerPending = false
        }
    }

    private mutating func increaseRate(_ flow: inout ControlledFlow) {
        var s = flows[flow.slot]
        let F = config.fastRecoverySteps
        let hyper: Bool?
        if config.byteCounter == nil {
            // The timer alone: the steps before this one against F (rdma-hw.cc's rpTimeStage).
            let before = s.timerSteps - 1
            hyper = before < F ? nil : before > F
        } else {
            hyper = max(s.timerSteps, s.byteSteps) < F ? nil : min(s.timerSteps, s.byteSteps) >= F
        }
        // nil: fast recovery, halfway back to the target.
        switch hyper {
        case true?: s.target += Double(config.hyperIncrease.at(flow.lineRate).bitsPerSecond)
        case false?: s.target += Double(config.additiveIncrease.at(flow.lineRate).bitsPerSecond)
        case nil: break
        }
        let line = Double(flow.lineRate.bitsPerSecond)
        s.target = min(s.target, line)
        s.current = (s.target + s.current) / 2
        if s.current >= line * 0.9999 {
            s.current = line
            s.limited = false
            flow.pacingRate = nil
        } else {
            flow.pacingRate = Bandwidth(rawValue: Int64(s.current))
        }
        flows[flow.slot] = s
    }
}
