import FabricKernel
import FabricTopology
import Foundation

// DCQCN. The receiver (notification point) answers ECN-marked data with at most one CNP per flow per interval.
// The sender (reaction point) cuts the flow's rate on a CNP — target ← current, current ← current·(1 − α/2),
// α ← (1 − g)·α + g — and lets α decay by (1 − g) per period without one. It then climbs back in steps driven
// by a timer and by a byte counter: while both have counted fewer than F steps since the cut, fast recovery
// (current ← (target + current)/2); when both have reached F, hyper increase (target += R_HAI first); otherwise
// additive increase (target += R_AI first). The rate paces the flow's packets at its NIC.

extension PacketNetwork {
    /// Receiver: a data packet of flow `f` arrived with its ECN mark set.
    mutating func notifyCongestion(flow f: Int, _ scheduler: inout Scheduler) {
        guard let dcqcn = config.dcqcn else { return }
        if let last = dcqcnState[f].lastCNP, scheduler.now - last < dcqcn.cnpInterval { return }
        dcqcnState[f].lastCNP = scheduler.now
        counters.cnpsSent += 1
        sendControl(.cnp, flow: f, sequence: 0, &scheduler)
    }

    /// Sender: a CNP for flow `f`.
    mutating func congestionNotified(flow f: Int, _ scheduler: inout Scheduler) {
        guard let dcqcn = config.dcqcn, flows[f].finish == nil else { return }
        let now = scheduler.now
        var s = dcqcnState[f]
        let line = Double(ports[topology.uplink(ofHost: Int(flows[f].source)).index].rate.bitsPerSecond)
        if !s.seenCNP {
            s.seenCNP = true
            s.alpha = dcqcn.initialAlpha
            s.current = line
            s.target = line
        } else {
            // The periods since the last update passed without a CNP: α decayed in each.
            let periods = (now - s.alphaUpdated) / dcqcn.alphaPeriod
            if periods > 0 { s.alpha *= pow(1 - dcqcn.g, Double(periods)) }
            s.alpha = (1 - dcqcn.g) * s.alpha + dcqcn.g
        }
        s.alphaUpdated = now
        if s.lastDecrease.map({ now - $0 >= dcqcn.decreasePeriod }) ?? true {
            s.lastDecrease = now
            s.target = s.current
            let factor = max(1 - s.alpha / 2, 1 - dcqcn.maximumDecrease)
            s.current = max(s.current * factor, Double(dcqcn.minimumRate.bitsPerSecond))
            s.timerSteps = 0
            s.byteSteps = 0
            s.bytesSinceStep = 0
            s.limited = true
            s.timerDue = now + dcqcn.rateTimer
            flows[f].pacingRate = Bandwidth(rawValue: Int64(s.current))
        }
        let arm = !s.timerPending
        s.timerPending = true
        dcqcnState[f] = s
        if arm {
            dcqcnState[f].timerEvent = scheduler.schedule(
                NetworkEvent.dcqcnTimer.kind, for: eventTarget(flow: f), at: dcqcnState[f].timerDue,
                argument: UInt64(f))
        }
    }

    /// Sender: the rate-increase timer of flow `f`.
    mutating func dcqcnTimer(flow f: Int, _ scheduler: inout Scheduler) {
        guard let dcqcn = config.dcqcn else { return }
        dcqcnState[f].timerPending = false
        guard dcqcnState[f].limited, flows[f].finish == nil else { return }
        let now = scheduler.now
        if now >= dcqcnState[f].timerDue {
            dcqcnState[f].timerSteps += 1
            increaseRate(flow: f)
            dcqcnState[f].timerDue = now + dcqcn.rateTimer
        }
        guard dcqcnState[f].limited else { return }
        dcqcnState[f].timerPending = true
        dcqcnState[f].timerEvent = scheduler.schedule(
            NetworkEvent.dcqcnTimer.kind, for: eventTarget(flow: f), at: dcqcnState[f].timerDue,
            argument: UInt64(f))
    }

    /// Sender: `bytes` more sent by flow `f` (the byte counter).
    mutating func countBytes(flow f: Int, bytes: Int) {
        guard let dcqcn = config.dcqcn, dcqcnState[f].limited else { return }
        dcqcnState[f].bytesSinceStep += Int64(bytes)
        if dcqcnState[f].bytesSinceStep >= dcqcn.byteCounter.bytes {
            dcqcnState[f].bytesSinceStep -= dcqcn.byteCounter.bytes
            dcqcnState[f].byteSteps += 1
            increaseRate(flow: f)
        }
    }

    mutating func increaseRate(flow f: Int) {
        guard let dcqcn = config.dcqcn else { return }
        var s = dcqcnState[f]
        let F = dcqcn.fastRecoverySteps
        if max(s.timerSteps, s.byteSteps) < F {
            // Fast recovery: halfway back to the target.
        } else if min(s.timerSteps, s.byteSteps) >= F {
            s.target += Double(dcqcn.hyperIncrease.bitsPerSecond)
        } else {
            s.target += Double(dcqcn.additiveIncrease.bitsPerSecond)
        }
        let line = Double(ports[topology.uplink(ofHost: Int(flows[f].source)).index].rate.bitsPerSecond)
        s.target = min(s.target, line)
        s.current = (s.target + s.current) / 2
        if s.current >= line * 0.9999 {
            s.current = line
            s.limited = false
            flows[f].pacingRate = nil
        } else {
            flows[f].pacingRate = Bandwidth(rawValue: Int64(s.current))
        }
        dcqcnState[f] = s
    }

    /// The current DCQCN rate of flow `f` (the number `send` returned) in bits per second (line rate when not
    /// limited), while it holds its slot, for reports and tests.
    public func dcqcnRate(flow f: Int) -> Double? {
        guard config.dcqcn != nil else { return nil }
        let flow = flow(f)
        let s = dcqcnState[Int(record(f).slot)]
        return s.limited ? s.current : Double(ports[topology.uplink(ofHost: Int(flow.source)).index].rate.bitsPerSecond)
    }
}
