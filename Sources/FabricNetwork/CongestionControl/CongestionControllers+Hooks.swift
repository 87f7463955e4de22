import FabricKernel
import FabricTransport

// The `CongestionControl` hooks as the network calls them, on whichever controller is in force: each is written
// once here, for every controller on the list.

extension CongestionControllers {
    mutating func flowStarted(_ flow: inout StartedFlow, _ scheduler: inout Scheduler) {
        struct Hook: CongestionHook {
            var flow: StartedFlow
            mutating func run<C: CongestionControl>(_ c: inout C, _ s: inout Scheduler) { c.flowStarted(&flow) }
        }
        var hook = Hook(flow: flow)
        apply(&hook, &scheduler)
        flow = hook.flow
    }

    mutating func dataSent(_ flow: inout ControlledFlow, bytes: Int, _ scheduler: inout Scheduler) {
        struct Hook: CongestionHook {
            var flow: ControlledFlow
            let bytes: Int
            mutating func run<C: CongestionControl>(_ c: inout C, _ s: inout Scheduler) {
                c.dataSent(&flow, bytes: bytes, &s)
            }
        }
        var hook = Hook(flow: flow, bytes: bytes)
        apply(&hook, &scheduler)
        flow = hook.flow
    }

    mutating func dataArrived(_ packet: Packet, slot: Int, now: SimTime, _ scheduler: inout Scheduler) -> Bool {
        struct Hook: CongestionHook {
            let packet: Packet
            let slot: Int
            let now: SimTime
            func run<C: CongestionControl>(_ c: inout C, _ s: inout Scheduler) -> Bool {
                c.dataArrived(packet, slot: slot, now: now)
            }
        }
        var hook = Hook(packet: packet, slot: slot, now: now)
        return apply(&hook, &scheduler)
    }

    mutating func acknowledged(_ ack: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {
        struct Hook: CongestionHook {
            let ack: Packet
            var flow: ControlledFlow
            mutating func run<C: CongestionControl>(_ c: inout C, _ s: inout Scheduler) {
                c.acknowledged(ack, &flow, &s)
            }
        }
        var hook = Hook(ack: ack, flow: flow)
        apply(&hook, &scheduler)
        flow = hook.flow
    }

    mutating func acknowledged(
        _ ack: Packet, telemetry: HopTrace, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler
    ) {
        struct Hook: CongestionHook {
            let ack: Packet
            let telemetry: HopTrace
            var flow: ControlledFlow
            mutating func run<C: CongestionControl>(_ c: inout C, _ s: inout Scheduler) {
                c.acknowledged(ack, telemetry: telemetry, &flow, &s)
            }
        }
        var hook = Hook(ack: ack, telemetry: telemetry, flow: flow)
        apply(&hook, &scheduler)
        flow = hook.flow
    }

    mutating func notified(_ notification: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {
        struct Hook: CongestionHook {
            let notification: Packet
            var flow: ControlledFlow
            mutating func run<C: CongestionControl>(_ c: inout C, _ s: inout Scheduler) {
                c.notified(notification, &flow, &s)
            }
        }
        var hook = Hook(notification: notification, flow: flow)
        apply(&hook, &scheduler)
        flow = hook.flow
    }

    mutating func trimmed(_ nack: Packet, _ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {
        struct Hook: CongestionHook {
            let nack: Packet
            var flow: ControlledFlow
            mutating func run<C: CongestionControl>(_ c: inout C, _ s: inout Scheduler) { c.trimmed(nack, &flow, &s) }
        }
        var hook = Hook(nack: nack, flow: flow)
        apply(&hook, &scheduler)
        flow = hook.flow
    }

    mutating func timer(_ flow: inout ControlledFlow, _ scheduler: inout Scheduler) {
        struct Hook: CongestionHook {
            var flow: ControlledFlow
            mutating func run<C: CongestionControl>(_ c: inout C, _ s: inout Scheduler) { c.timer(&flow, &s) }
        }
        var hook = Hook(flow: flow)
        apply(&hook, &scheduler)
        flow = hook.flow
    }

    mutating func flowFinished(slot: Int, _ scheduler: inout Scheduler) {
        struct Hook: CongestionHook {
            let slot: Int
            func run<C: CongestionControl>(_ c: inout C, _ s: inout Scheduler) { c.flowFinished(slot: slot, &s) }
        }
        var hook = Hook(slot: slot)
        apply(&hook, &scheduler)
    }
}
