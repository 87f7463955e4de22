import DequeModule
import FabricKernel
import FabricMetrics

/// The event model of a `TandemQueueConfig`.
///
/// Component 0 is the arrival source; component i (1...K) is station i. Because every station is FIFO and
/// customers visit them in one order, a customer is fully described by the time it entered the system, and a
/// station's queue is a deque of those times.
public struct TandemQueue: EventHandler {
    public let config: TandemQueueConfig

    static let source = ComponentID(0)
    static let arrive = EventKind(rawValue: 0)
    static let depart = EventKind(rawValue: 1)

    var arrivals: RandomStream
    var services: [RandomStream]
    /// Entry times of the customers at each station, in service order; the head is in service.
    var queues: [Deque<SimTime>]
    /// ∫ (customers at station i) dt and ∫ (server i busy) dt, in picosecond-customers, for Little's law and
    /// utilisation; updated whenever a station's population changes.
    var populationArea: [Int128]
    var busyTime: [Int64]
    var lastChange: [SimTime]

    var entered: Int64 = 0
    var departed: Int64 = 0
    var measuredStart: SimTime = .zero
    public private(set) var timeInSystem = TimeHistogram()

    public init(config: TandemQueueConfig, seed: UInt64) {
        self.config = config
        arrivals = RandomStream(seed: seed, name: "queueing.arrivals")
        services = config.meanService.indices.map { RandomStream(seed: seed, name: "queueing.service.\($0)") }
        queues = Array(repeating: Deque(), count: config.meanService.count)
        populationArea = Array(repeating: 0, count: config.meanService.count)
        busyTime = Array(repeating: 0, count: config.meanService.count)
        lastChange = Array(repeating: .zero, count: config.meanService.count)
    }

    /// Schedules the first arrival.
    public mutating func start(scheduler: inout Scheduler) {
        scheduler.schedule(Self.arrive, for: Self.source, after: sample(config.meanInterarrival, &arrivals))
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler) {
        let station = event.target.index - 1
        switch event.kind {
        case Self.arrive where event.target == Self.source:
            entered += 1
            scheduler.schedule(Self.arrive, for: Self.source, after: sample(config.meanInterarrival, &arrivals))
            join(station: 0, entryTime: scheduler.now, &scheduler)
        case Self.depart:
            account(station: station, now: scheduler.now)
            let entryTime = queues[station].removeFirst()
            if !queues[station].isEmpty { startService(station: station, &scheduler) }
            if station + 1 < queues.count {
                join(station: station + 1, entryTime: entryTime, &scheduler)
            } else {
                leave(entryTime: entryTime, &scheduler)
            }
        default:
            preconditionFailure("unknown event \(event.kind) for component \(event.target)")
        }
    }

    mutating func join(station: Int, entryTime: SimTime, _ scheduler: inout Scheduler) {
        account(station: station, now: scheduler.now)
        queues[station].append(entryTime)
        if queues[station].count == 1 { startService(station: station, &scheduler) }
    }

    mutating func startService(station: Int, _ scheduler: inout Scheduler) {
        let service = sample(config.meanService[station], &services[station])
        scheduler.schedule(Self.depart, for: ComponentID(station + 1), after: service)
    }

    mutating func leave(entryTime: SimTime, _ scheduler: inout Scheduler) {
        departed += 1
        if departed == config.warmupCustomers {
            // Restart the time averages so they describe the measured interval only.
            measuredStart = scheduler.now
            for i in queues.indices {
                populationArea[i] = 0
                busyTime[i] = 0
                lastChange[i] = scheduler.now
            }
        } else if departed > config.warmupCustomers {
            timeInSystem.record(scheduler.now - entryTime)
            if departed == config.warmupCustomers + config.customers { scheduler.requestStop() }
        }
    }

    /// Adds the area under station i's population curve since its last change.
    mutating func account(station i: Int, now: SimTime) {
        let elapsed = (now - lastChange[i]).rawValue
        populationArea[i] += Int128(elapsed) * Int128(queues[i].count)
        if !queues[i].isEmpty { busyTime[i] += elapsed }
        lastChange[i] = now
    }

    func sample(_ mean: SimTime, _ stream: inout RandomStream) -> SimTime {
        SimTime(rawValue: Int64((Distribution.exponential(mean: Double(mean.rawValue)).sample(&stream)).rounded()))
    }

    /// Customers in the system now: entered and not yet departed.
    public var inSystem: Int64 { entered - departed }
    public var departedCount: Int64 { departed }
    public var enteredCount: Int64 { entered }
}
