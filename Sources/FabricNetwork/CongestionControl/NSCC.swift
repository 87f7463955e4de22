import FabricKernel
import FabricTransport

/// NSCC (`NSCCConfig`): the Ultra Ethernet Transport's window from ECN marks and delay, as UEC's htsim model of UET
/// computes it. Every acknowledgement carries its data packet's ECN mark and round trip (the send stamp, echoed);
/// the delay is the round trip less the flow's base round trip (its idle path's, lowered by any shorter sample).
/// Per acknowledgement of `b` bytes, after quick adapt has had its say:
///
/// | mark | delay | the window |
/// |---|---|---|
/// | no | ≥ target | fair increase: `fi · b` bytes² pending, the same for every window |
/// | no | < target | proportional increase `α · b · (target − delay)` pending; fast increase `fiScale · b` at once when the path has been clear (delay < 1 µs) for a window's worth |
/// | yes | ≥ target | multiplicative decrease by `max(1 − γ (avg − target)/avg, 1 − max)`, at most once per base round trip, when the average delay exceeds the target |
/// | yes | < target | held |
///
/// Pending increases are applied, divided by the window, every `adjustPackets` packets or base round trip, with η
/// once per base round trip. The window is bounded by one MTU and `maximumWindow` BDPs, and starts at the ceiling.
/// A trimmed packet (its NACK) takes its bytes off the window and arms quick adapt, which at the end of a round
/// trip with a trim or a long delay sets a window that delivered less than an eighth of the ceiling to what it
/// delivered. `fi`, `α`, `η` and `fiScale` scale with the flow's BDP over the reference 100 Gb/s × 12 µs, and `α`
/// also with the target over 12 µs. The window counts the packets sent and not yet answered
/// (`ControllerFeedback.packetsInFlight`), as UET's sender counts what is in flight. Docs: docs/network-model.md,
/// "NSCC".
struct NSCC: CongestionControl {
    struct FlowState: Sendable {
        /// Window and its ceiling, bytes.
        var window: Double = 0
        var ceiling: Double = 0
        var baseRoundTrip: SimTime = .zero
        var target: SimTime = .zero
        /// The flow's constants, from its BDP: fair increase (bytes), proportional increase (bytes per second of
        /// delay below target), η (bytes) and fast increase (a fraction).
        var fairIncrease: Double = 0
        var alpha: Double = 0
        var eta: Double = 0
        var fastIncrease: Double = 0
        /// Average delay, seconds.
        var averageDelay: Double = 0
        /// Bytes acknowledged in the quick-adapt round, since the last adjustment, and since quick adapt last set
        /// the window (against those it ignores marks for).
        var achieved: Double = 0
        var received: Double = 0
        var ignored: Double = 0
        var toIgnore: Double = 0
        /// Pending increase, bytes².
        var increase: Double = 0
        var clearBytes: Double = 0
        var increasing = false
        var quickAdaptArmed = false
        var quickAdaptEnd: SimTime = .zero
        var lastAdjust: SimTime = .zero
        var lastDecrease: SimTime = .zero
    }

    /// Behind a reference, as DCQCN's and Swift's: the list moves the controller's stored properties on every hook.
    private final class Parameters: Sendable {
        let config: NSCCConfig
        let mtu: Double
        let trimming: Bool
        init(_ config: NSCCConfig, network: NetworkConfig) {
            self.config = config
            mtu = Double(network.mtu)
            trimming = network.trimming
        }
    }

    private let parameters: Parameters
    private var config: NSCCConfig { parameters.config }
    /// By slot.
    private var flows: [FlowState] = []

    init(_ config: NSCCConfig, network: NetworkConfig) {
        parameters = Parameters(config, network: network)
    }

    mutating func flowStarted(_ flow: inout StartedFlow) {
        var s = FlowState()
        // A flow with no route yet (a failed fabric) sizes itself on the reference round trip.
        let base = flow.baseRoundTrip > .zero ? flow.baseRoundTrip : NSCCConfig.referenceRoundTrip
        s.baseRoundTrip = base
        s.target = config.targetDelay ?? SimTime(rawValue: parameters.trimming ? base.rawValue * 3 / 4 : base.rawValue)
        let rate = Double(flow.lineRate.bitsPerSecond) / 8
        let bdp = rate * base.seconds
        let reference =
            Double(NSCCConfig.referenceRate.bitsPerSecond) / 8 * NSCCConfig.referenceRoundTrip.seconds
        let a = bdp / reference
        let b = s.target.seconds / NSCCConfig.referenceRoundTrip.seconds
        let mtu = parameters.mtu
        s.fairIncrease = config.fairIncrease * mtu * a
        s.alpha = config.proportionalIncrease * mtu * a * b / max(s.target.seconds, 1e-12)
        s.eta = config.eta * mtu * a
        s.fastIncrease = config.fastIncrease * a
        s.ceiling = max(config.maximumWindow * bdp, mtu)
        s.window = s.ceiling
        let slot = flow.slot
        if slot == flows.count { flows.append(s) } else { flows[slot] = s }
        flow.window = ByteCount(Int64(s.window))
    }

    mutating func acknowledged(_ ack: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {
        var s = flows[flow.slot]
        let now = flow.now
        let bytes = parameters.mtu
        let marked = ack.ecn
        s.achieved += bytes
        s.received += bytes
        s.ignored += bytes
        let roundTrip = ack.roundTrip(now: now)
        if roundTrip < s.baseRoundTrip {
            s.ceiling *= roundTrip.seconds / s.baseRoundTrip.seconds
            s.ceiling = max(s.ceiling, parameters.mtu)
            s.baseRoundTrip = roundTrip
        }
        let delay = max(roundTrip - s.baseRoundTrip, .zero)
        // An unmarked long delay is not the network's (htsim counts it as a quarter of the base round trip).
        let sample = !marked && delay > s.target ? s.baseRoundTrip.seconds / 4 : delay.seconds
        s.averageDelay += config.delayGain * (sample - s.averageDelay)
        if !quickAdapt(&s, loss: false, marked: marked, delay: delay, flow: flow) {
            if !marked, delay >= s.target {
                s.increase += s.fairIncrease * bytes
            } else if !marked {
                fastIncrease(&s, bytes: bytes, delay: delay)
                if !s.increasing { s.increase += s.alpha * bytes * (s.target - delay).seconds }
            } else if delay >= s.target {
                multiplicativeDecrease(&s, now: now)
            }
            // A mark at a delay below the target holds the window.
            s.window = min(max(s.window, parameters.mtu), s.ceiling)
            if s.received > Double(config.adjustPackets) * bytes || now - s.lastAdjust > s.baseRoundTrip {
                s.window += s.increase / s.window
                if now - s.lastAdjust >= s.baseRoundTrip {
                    s.window += s.eta
                    s.lastAdjust = now
                }
                s.increase = 0
                s.received = 0
            }
        }
        s.window = min(max(s.window, parameters.mtu), s.ceiling)
        flows[flow.slot] = s
        flow.window = ByteCount(Int64(s.window))
    }

    mutating func trimmed(_ nack: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {
        var s = flows[flow.slot]
        let bytes = parameters.mtu
        s.ignored += bytes
        // A trimmed packet met a full queue: about a base round trip of delay, as htsim counts it.
        s.averageDelay += config.delayGain * (s.baseRoundTrip.seconds - s.averageDelay)
        s.quickAdaptArmed = true
        if !quickAdapt(&s, loss: true, marked: true, delay: .zero, flow: flow) { s.window -= bytes }
        s.window = min(max(s.window, parameters.mtu), s.ceiling)
        flows[flow.slot] = s
        flow.window = ByteCount(Int64(s.window))
    }

    /// Quick adapt, once per round (a base round trip plus the target): true when it set the window or the
    /// signal is one it ignores, which then moves nothing else.
    private func quickAdapt(
        _ s: inout FlowState, loss: Bool, marked: Bool, delay: SimTime, flow: ControlledFlow
    ) -> Bool {
        var handled = false
        let now = flow.now
        if s.ignored < s.toIgnore, marked {
            // The marks of what was in flight when quick adapt last set the window describe the queue it sized
            // the window for.
            handled = true
        } else if now > s.quickAdaptEnd {
            let gate = s.ceiling / Double(1 << max(0, min(config.quickAdaptGate, 62)))
            let long = delay.seconds > config.quickAdaptThreshold * s.target.seconds
            if s.quickAdaptEnd != .zero, s.quickAdaptArmed || loss || long, s.achieved < gate {
                s.window = max(s.achieved, parameters.mtu)
                s.toIgnore = Double(flow.packetsInFlight) * parameters.mtu
                s.ignored = 0
                s.quickAdaptArmed = false
                handled = true
            }
            s.achieved = 0
            s.quickAdaptEnd = now + s.baseRoundTrip + s.target
        }
        if handled {
            s.increase = 0
            s.received = 0
        }
        return handled
    }

    private func fastIncrease(_ s: inout FlowState, bytes: Double, delay: SimTime) {
        guard delay < config.clearDelay else {
            s.clearBytes = 0
            s.increasing = false
            return
        }
        s.clearBytes += bytes
        if s.clearBytes > s.window || s.increasing {
            s.window = min(s.window + bytes * s.fastIncrease, s.ceiling)
            s.increasing = true
        }
    }

    private func multiplicativeDecrease(_ s: inout FlowState, now: SimTime) {
        s.increasing = false
        s.clearBytes = 0
        let average = s.averageDelay
        let target = s.target.seconds
        guard average > target, now - s.lastDecrease > s.baseRoundTrip else { return }
        s.window *= max(1 - config.gamma * (average - target) / average, 1 - config.maximumDecrease)
        s.lastDecrease = now
    }
}
