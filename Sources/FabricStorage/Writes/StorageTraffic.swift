import DequeModule
import FabricKernel
import FabricTransport

/// One checkpoint being written: its writers' requests over the network, and the storage servers that take them
/// into a write-back cache and drain it to media.
///
/// Each writer cuts its shard into stripes and sends stripe k to the k-th server of its stripe set, keeping
/// `requestsInFlight` requests outstanding. A server admits a request only when the request's bytes fit in its
/// cache beside everything admitted and not yet on media; then the writer sends it as one network flow. When the
/// flow's last byte is delivered, the bytes join the media's queue, which writes at the media bandwidth, first
/// come first served; the request is acknowledged `requestLatency` later and the writer's next request may go.
/// The checkpoint is durable when every request is acknowledged and — unless the cache counts as durable — the
/// last byte is on media and the server has answered the final commit (one more `requestLatency`).
///
/// The model that owns the network routes the kinds in `Kind` (the block `EventKindOwner.storage`) here. State is
/// kept in arrays of requests in flight (at most writers × requestsInFlight) and per server; handling an event
/// allocates nothing beyond the network's own flow table. Docs: docs/storage.md.
public struct StorageTraffic: Sendable {
    /// The storage traffic's event kinds: target the traffic's `target`.
    public enum Kind: UInt32, OwnedEventKind {
        /// A request's flow delivered its last byte; the argument is the request's slot.
        case arrived
        /// The server acknowledged a request; the argument is its slot.
        case acknowledged
        /// A server's media has written enough for the head of its admission queue to be looked at again; the
        /// argument is the server.
        case cacheRoom
        /// The checkpoint is durable; no argument.
        case durable

        public static var owner: EventKindOwner { .storage }
    }

    /// One writer: a rank sending its shard.
    public struct Writer: Sendable, Equatable {
        public var host: Int32
        public var bytes: Int64
        /// The server its stripe 0 goes to; stripe k goes to (first + k mod stripeCount) mod servers.
        public var firstServer: Int32
        var nextStripe: Int64 = 0
        var outstanding = 0

        public init(host: Int32, bytes: Int64, firstServer: Int32) {
            self.host = host
            self.bytes = bytes
            self.firstServer = firstServer
        }
    }

    /// A request in flight, in a slot reused once it is acknowledged.
    struct Request: Sendable {
        var writer: Int32
        var server: Int32
        var destination: Int32
        /// Bytes of the request.
        var bytes: Int64
        /// Bytes not yet delivered to the server (less than `bytes` only after a cut between episodes).
        var remaining: Int64
        var flow: Int32
        /// When its current flow was sent, on the current episode's clock.
        var sent: SimTime
        var state: State
        /// When it is acknowledged (state `.acknowledging`), on the current episode's clock.
        var acknowledgeAt: SimTime

        enum State: UInt8 { case waiting, flowing, acknowledging, free }
    }

    /// A storage server's cache and media.
    struct Server: Sendable {
        /// Bytes admitted and not yet written to media: what the cache holds or has promised room for.
        var reserved: Int64 = 0
        /// When the media will have done the work of everything it has been given, and when the last of it will
        /// be written (later, when bytes arrived after the media could have written them).
        var busyUntil: SimTime = .zero
        var writtenBy: SimTime = .zero
        /// Chunks given to the media, in order: when each is written and its bytes leave the cache (not always in
        /// increasing order: a chunk that arrived late is released late, and holds back the room of those behind
        /// it until then).
        var chunks: Deque<(end: SimTime, bytes: Int64)> = []
        /// Requests waiting for cache room, in arrival order.
        var waiting: Deque<Int32> = []
        var wakeAt: SimTime?
        /// Bytes delivered to it, and when the first and last arrived and the last was written (job time).
        var bytesReceived: Int64 = 0
        var lastWritten: SimTime = .zero
    }

    public let config: StorageConfig
    /// Per server: its NICs' host indices.
    let serverHosts: [[Int32]]
    public private(set) var writers: [Writer]
    var requests: [Request] = []
    var freeSlots: [Int32] = []
    var servers: [Server]
    /// Where the current episode's clock zero lies on the job's clock.
    public internal(set) var origin: SimTime
    /// When the checkpoint's writes started and when it became durable, on the job's clock.
    public let started: SimTime
    public private(set) var durableAt: SimTime?
    var durableEvent: SimTime?
    public private(set) var requestsAcknowledged: Int64 = 0
    public let totalRequests: Int64
    /// Whom the network notifies, and the component id of this model's own events.
    let target: ComponentID

    /// `start`: the job time at which the writers begin (the current episode's zero).
    public init(
        config: StorageConfig, serverHosts: [[Int32]], writers: [Writer], start: SimTime,
        target: ComponentID = .model
    ) {
        self.config = config
        self.serverHosts = serverHosts
        self.writers = writers
        self.target = target
        servers = Array(repeating: Server(), count: config.servers)
        origin = start
        started = start
        totalRequests = writers.reduce(0) { $0 + Self.stripes(of: $1.bytes, size: config.stripeSize) }
        let slots = writers.count * config.requestsInFlight
        requests.reserveCapacity(slots)
        freeSlots.reserveCapacity(slots)
    }

    static func stripes(of bytes: Int64, size: Int64) -> Int64 { (bytes + size - 1) / size }

    public var isDurable: Bool { durableAt != nil }
    public var bytes: Int64 { writers.reduce(0) { $0 + $1.bytes } }
    /// Per server: bytes received.
    public var bytesPerServer: [Int64] { servers.map(\.bytesReceived) }
    /// Per server: when its last byte was written to media, on the job's clock (or `started` if it got none).
    public var lastWrittenPerServer: [SimTime] { servers.map { $0.bytesReceived > 0 ? $0.lastWritten : started } }

    /// Issues every writer's first requests (or, after a cut, restarts what was in flight).
    public mutating func start<Network: Transport>(network: inout Network, scheduler: inout Scheduler) {
        if requests.isEmpty {
            if totalRequests == 0 { complete(at: scheduler.now, &scheduler) }
            for w in writers.indices { issue(writer: w, &network, &scheduler) }
            return
        }
        resume(network: &network, scheduler: &scheduler)
    }

    public mutating func handle<Network: Transport>(_ event: Event, network: inout Network, scheduler: inout Scheduler)
    {
        let argument = Int(event.argument)
        switch Kind(event.kind) {
        case .arrived: arrive(slot: argument, &scheduler)
        case .acknowledged: acknowledge(slot: argument, &network, &scheduler)
        case .cacheRoom:
            servers[argument].wakeAt = nil
            admit(server: argument, &network, &scheduler)
        case .durable:
            durableEvent = nil
            durableAt = origin + scheduler.now
        case nil: preconditionFailure("not a storage event: \(event.kind.rawValue)")
        }
    }

    /// Issues writer `w`'s next requests while it has stripes left and room in its window.
    mutating func issue<Network: Transport>(writer w: Int, _ network: inout Network, _ scheduler: inout Scheduler) {
        let size = config.stripeSize
        while writers[w].outstanding < config.requestsInFlight, writers[w].nextStripe * size < writers[w].bytes {
            let k = writers[w].nextStripe
            writers[w].nextStripe += 1
            writers[w].outstanding += 1
            let s = (Int(writers[w].firstServer) + Int(k % Int64(config.stripeCount))) % config.servers
            let round = Int(k / Int64(config.stripeCount))
            let nics = serverHosts[s]
            let bytes = min(size, writers[w].bytes - k * size)
            let request = Request(
                writer: Int32(w), server: Int32(s), destination: nics[(w + round) % nics.count], bytes: bytes,
                remaining: bytes, flow: -1, sent: .zero, state: .waiting, acknowledgeAt: .zero)
            let slot: Int
            if let free = freeSlots.popLast() {
                slot = Int(free)
                requests[slot] = request
            } else {
                slot = requests.count
                requests.append(request)
            }
            servers[s].waiting.append(Int32(slot))
            admit(server: s, &network, &scheduler)
        }
    }

    /// Frees the cache room of chunks already on media, then admits waiting requests in order while they fit;
    /// if one does not, wakes up when the next chunk is written.
    mutating func admit<Network: Transport>(server s: Int, _ network: inout Network, _ scheduler: inout Scheduler) {
        let now = scheduler.now
        while let chunk = servers[s].chunks.first, chunk.end <= now {
            servers[s].reserved -= chunk.bytes
            servers[s].chunks.removeFirst()
        }
        while let slot = servers[s].waiting.first {
            let bytes = requests[Int(slot)].remaining
            guard servers[s].reserved + bytes <= config.cacheBytes else {
                if let next = servers[s].chunks.first?.end, servers[s].wakeAt.map({ next < $0 }) ?? true {
                    servers[s].wakeAt = next
                    scheduler.schedule(Kind.cacheRoom.kind, for: target, at: next, argument: UInt64(s))
                }
                return
            }
            servers[s].waiting.removeFirst()
            servers[s].reserved += bytes
            send(slot: Int(slot), &network, &scheduler)
        }
    }

    mutating func send<Network: Transport>(slot: Int, _ network: inout Network, _ scheduler: inout Scheduler) {
        let request = requests[slot]
        let source = Int(writers[Int(request.writer)].host)
        requests[slot].state = .flowing
        requests[slot].sent = scheduler.now
        requests[slot].flow = Int32(
            network.send(
                FlowRequest(
                    source: source, destination: Int(request.destination), bytes: request.remaining,
                    start: scheduler.now,
                    trafficClass: config.trafficClass),
                notify: target, kind: Kind.arrived.kind, tag: UInt64(slot), scheduler: &scheduler))
    }

    /// `bytes`, streamed in since `since`, have all reached server `s` at `now`. The media writes at its
    /// bandwidth, first come first served, and may begin on a request's bytes as soon as they begin to arrive:
    /// its work on them starts at `since` or when it has done everything before them, whichever is later. They are
    /// written — and leave the cache — when that work is done, but never before their last byte has arrived.
    mutating func deliver(_ bytes: Int64, to s: Int, since: SimTime, now: SimTime) {
        guard bytes > 0 else { return }
        let work = max(servers[s].busyUntil, since) + config.mediaBandwidth.serializationTime(of: ByteCount(bytes))
        let end = max(now, work)
        servers[s].busyUntil = work
        servers[s].writtenBy = max(servers[s].writtenBy, end)
        servers[s].chunks.append((end, bytes))
        servers[s].bytesReceived += bytes
        servers[s].lastWritten = origin + servers[s].writtenBy
    }

    mutating func arrive(slot: Int, _ scheduler: inout Scheduler) {
        let s = Int(requests[slot].server)
        let now = scheduler.now
        deliver(requests[slot].remaining, to: s, since: requests[slot].sent, now: now)
        requests[slot].remaining = 0
        requests[slot].state = .acknowledging
        requests[slot].acknowledgeAt = now + config.requestLatency
        scheduler.schedule(
            Kind.acknowledged.kind, for: target, at: requests[slot].acknowledgeAt, argument: UInt64(slot))
        // Room frees as the media writes: make sure a waiting request hears of it.
        if !servers[s].waiting.isEmpty, servers[s].wakeAt == nil, let next = servers[s].chunks.first?.end {
            servers[s].wakeAt = next
            scheduler.schedule(Kind.cacheRoom.kind, for: target, at: next, argument: UInt64(s))
        }
    }

    mutating func acknowledge<Network: Transport>(slot: Int, _ network: inout Network, _ scheduler: inout Scheduler) {
        let w = Int(requests[slot].writer)
        requests[slot].state = .free
        freeSlots.append(Int32(slot))
        writers[w].outstanding -= 1
        requestsAcknowledged += 1
        if requestsAcknowledged == totalRequests {
            complete(at: scheduler.now, &scheduler)
        } else {
            issue(writer: w, &network, &scheduler)
        }
    }

    /// Every request is acknowledged at `now`: durable now if the cache counts, else once the last byte is on
    /// media and the commit has been answered.
    mutating func complete(at now: SimTime, _ scheduler: inout Scheduler) {
        var at = now
        if !config.durableInCache {
            let written = servers.map(\.writtenBy).max() ?? now
            at = max(now, written + config.requestLatency)
        }
        durableEvent = at
        scheduler.schedule(Kind.durable.kind, for: target, at: at, argument: 0)
    }
}
