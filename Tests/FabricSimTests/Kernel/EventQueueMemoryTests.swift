import FabricKernel
import Testing

@Suite("Event queue memory")
struct EventQueueMemoryTests {
    /// Holds `pending` events, popping one and pushing one after an exponential delay, `operations` times.
    func churn(pending: Int, meanDelay: Double, operations: Int, queue: inout EventQueue) {
        var stream = RandomStream(seed: 11, name: "memory")
        var id: UInt64 = 0
        func push(_ queue: inout EventQueue, at time: Int64) {
            queue.push(
                Event(
                    time: SimTime(rawValue: time), id: EventID(rawValue: id), target: ComponentID(0),
                    kind: EventKind(rawValue: 0), argument: 0))
            id += 1
        }
        var now: Int64 = 0
        if queue.isEmpty {
            for _ in 0..<pending { push(&queue, at: Int64(Distribution.exponential(mean: meanDelay).sample(&stream))) }
        }
        for _ in 0..<operations {
            let event = queue.pop()!
            now = event.time.rawValue
            push(&queue, at: now + Int64(Distribution.exponential(mean: meanDelay).sample(&stream)))
        }
    }

    @Test("memory follows the events pending, not the simulated time: it stops growing once the run is warm")
    func boundedByPending() {
        var queue = EventQueue()
        // A mean delay of 2^27 ps makes the run cross level-3 and level-4 windows of the key all the time: the
        // case where keeping every bucket's peak buffer grew without bound.
        churn(pending: 2_000, meanDelay: 0x1p27, operations: 300_000, queue: &queue)
        let warm = queue.reservedBytes
        churn(pending: 2_000, meanDelay: 0x1p27, operations: 1_500_000, queue: &queue)
        let later = queue.reservedBytes
        #expect(later <= warm + warm / 10, "warm \(warm) B, later \(later) B")
        // Pending events are 64 KB; allow the per-bucket minimum of the level-0 buckets and a factor for buffers
        // half full.
        #expect(later < 4 << 20, "\(later) B for 2,000 pending events")
    }
}
