import FabricKernel

/// Something that took time in a run: a flow on the wire, a compute phase of a rank, a collective's phase.
/// Exporters draw spans on rows (`track`) gathered into groups (`group`): the trace viewer's threads and
/// processes, and the report's distributions of span durations.
public struct TimelineSpan: Sendable, Equatable {
    /// The row: a host, a rank.
    public var track: String
    /// The group of rows: `hosts`, `ranks`.
    public var group: String
    /// What kind of span: `flow`, `compute`, `allreduce`. Spans of one category share a colour and a
    /// distribution.
    public var category: String
    public var name: String
    public var start: SimTime
    public var end: SimTime
    /// False when the run ended before the span did; `end` is then the end of the run.
    public var finished: Bool

    public init(
        track: String, group: String, category: String, name: String, start: SimTime, end: SimTime,
        finished: Bool = true
    ) {
        self.track = track
        self.group = group
        self.category = category
        self.name = name
        self.start = start
        self.end = end
        self.finished = finished
    }

    public var duration: SimTime { end - start }
}

/// The spans of a run that fall in a window of simulated time, up to a cap: a timeline stays small however long
/// the run, and says how much it left out.
public struct Timeline: Sendable, Equatable {
    /// Spans that end before `windowStart` or begin after `windowEnd` are left out.
    public let windowStart: SimTime
    public let windowEnd: SimTime
    /// The most spans kept; later ones are counted in `dropped`.
    public let cap: Int
    public private(set) var spans: [TimelineSpan] = []
    /// Spans in the window that the cap left out.
    public private(set) var dropped = 0

    public init(windowStart: SimTime = .zero, windowEnd: SimTime = .max, cap: Int = 100_000) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.cap = cap
    }

    public static let empty = Timeline(cap: 0)

    public var isEmpty: Bool { spans.isEmpty }

    /// Keeps `span` if it overlaps the window and the cap allows; models add spans in the order they began, so
    /// the cap keeps the earliest.
    public mutating func add(_ span: TimelineSpan) {
        guard span.end >= windowStart, span.start <= windowEnd else { return }
        if spans.count < cap { spans.append(span) } else { dropped += 1 }
    }

    /// The categories in first-seen order.
    public var categories: [String] {
        var seen: Set<String> = []
        return spans.compactMap { seen.insert($0.category).inserted ? $0.category : nil }
    }
}
