import FabricKernel

/// What one sampled quantity is: its name, what it belongs to, its unit and how its samples combine.
///
/// Series with one `name` and different `subject`s (queue depth of every port, utilisation of every tier) form a
/// group; exporters plot a group together and pick its worst members, without knowing which model made it.
public struct SeriesDescriptor: Sendable, Equatable {
    /// How the model's reading at a sample instant becomes a point.
    public enum Kind: String, Sendable {
        /// A level at that instant (queue depth, packets in flight). Down-sampling keeps every other point, so
        /// every point stays a true reading at its own time.
        case level
        /// The model reports a cumulative counter (bytes sent, busy seconds); the point is its increase per
        /// second over the interval that ends at the point. Down-sampling averages pairs, which is exact for
        /// intervals of equal length.
        case rate
    }

    /// What is measured: `queue_bytes`, `utilisation`. Snake case, units in `unit`.
    public var name: String
    /// Of what: a port (`leaf0→spine1`), a tier (`leaf→spine`); nil for the model as a whole.
    public var subject: String?
    /// The unit of a point: `bytes`, `fraction`, `bit/s`, `1/s`.
    public var unit: String
    public var kind: Kind

    public init(_ name: String, subject: String? = nil, unit: String, kind: Kind) {
        self.name = name
        self.subject = subject
        self.unit = unit
        self.kind = kind
    }

    /// `name` or `name[subject]`: the column header of series.csv and the series' key everywhere.
    public var label: String { subject.map { "\(name)[\($0)]" } ?? name }
}

/// One sampled series: its points, oldest first. Point `i` lies at `TimeSeriesSet.time(ofPoint: i)`.
public struct TimeSeries: Sendable, Equatable {
    public var descriptor: SeriesDescriptor
    public var values: [Double]

    public init(descriptor: SeriesDescriptor, values: [Double]) {
        self.descriptor = descriptor
        self.values = values
    }

    /// The largest point, or nil if there are none.
    public var maximum: Double? { values.max() }
    /// The mean of the points, or nil if there are none.
    public var mean: Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
}

/// Every series of a run, on one shared time grid: point `i` of every series lies at `origin + (i + 1) × interval`
/// on the run's clock.
public struct TimeSeriesSet: Sendable, Equatable {
    /// The spacing of the points: the configured sampling interval, doubled at each down-sampling.
    public var interval: SimTime
    public var series: [TimeSeries]
    /// Where the grid starts on the run's clock: zero for a run sampled from its start; for series sampled inside
    /// one episode of the run (a training job's slowest step), the episode's start, so that the points line up
    /// with the run's spans.
    public var origin: SimTime
    /// What part of the run the points cover when it is not all of it (`step 11, the slowest`); nil for all of it.
    public var scope: String?

    public init(interval: SimTime, series: [TimeSeries], origin: SimTime = .zero, scope: String? = nil) {
        self.interval = interval
        self.series = series
        self.origin = origin
        self.scope = scope
    }

    public static let empty = TimeSeriesSet(interval: .zero, series: [])

    public var isEmpty: Bool { series.isEmpty || pointCount == 0 }
    public var pointCount: Int { series.first?.values.count ?? 0 }

    /// The simulated time of point `i` on the run's clock: the end of the interval it describes.
    public func time(ofPoint i: Int) -> SimTime { origin + interval * Int64(i + 1) }

    /// The distinct series names in first-seen order, each with its members.
    public var groups: [(name: String, members: [TimeSeries])] {
        var order: [String] = []
        var members: [String: [TimeSeries]] = [:]
        for s in series {
            if members[s.descriptor.name] == nil { order.append(s.descriptor.name) }
            members[s.descriptor.name, default: []].append(s)
        }
        return order.map { ($0, members[$0]!) }
    }
}

/// Samples a model's series at a regular simulated interval within a fixed memory budget.
///
/// Memory never grows with the length of a run: when a series reaches its capacity of points, every series is
/// halved in place (levels keep every other point, rates average pairs) and the sampling interval doubles. A run
/// of any length therefore ends with between half and all of the capacity, evenly spaced, and the model is read
/// about twice per final point — never once per event.
public struct SeriesRecorder: Sendable {
    public let descriptors: [SeriesDescriptor]
    /// Points each series may hold: the smaller of the configured maximum and the memory budget divided by the
    /// number of series, made even so that halving keeps the grid; at least 4.
    public let capacity: Int
    public private(set) var interval: SimTime
    /// When the next sample is due.
    public private(set) var nextSampleTime: SimTime
    /// How many times the series have been halved.
    public private(set) var downsamplings = 0
    private var points: [[Double]]
    /// For rate series: the cumulative reading at the previous sample instant.
    private var previous: [Double]
    private var started = false

    /// - Parameters:
    ///   - interval: the first sampling interval (> 0).
    ///   - maximumPoints: the most points a series keeps.
    ///   - memoryBudget: bytes all points together may use (8 per point).
    public init(descriptors: [SeriesDescriptor], sampling: SeriesSampling) {
        self.init(
            descriptors: descriptors, interval: sampling.interval, maximumPoints: sampling.maximumPoints,
            memoryBudget: sampling.memoryBudget)
    }

    public init(descriptors: [SeriesDescriptor], interval: SimTime, maximumPoints: Int, memoryBudget: Int64) {
        precondition(interval > .zero, "a sampling interval must be positive")
        self.descriptors = descriptors
        let byBudget = Int(min(Int64(Int.max), memoryBudget / 8 / Int64(max(1, descriptors.count))))
        capacity = max(4, min(maximumPoints, byBudget)) & ~1
        self.interval = interval
        nextSampleTime = interval
        points = Array(repeating: [], count: descriptors.count)
        for i in points.indices { points[i].reserveCapacity(capacity) }
        previous = Array(repeating: 0, count: descriptors.count)
    }

    /// The readings at time zero, before any event: the baseline of the rate series.
    public mutating func begin(_ readings: [Double]) {
        precondition(readings.count == descriptors.count, "one reading per series")
        previous = readings
        started = true
    }

    /// Records the readings taken at `nextSampleTime` (one per descriptor, in order).
    public mutating func record(_ readings: [Double]) {
        precondition(readings.count == descriptors.count, "one reading per series")
        if !started { begin(Array(repeating: 0, count: readings.count)) }
        let seconds = interval.seconds
        for i in descriptors.indices {
            switch descriptors[i].kind {
            case .level:
                points[i].append(readings[i])
            case .rate:
                points[i].append((readings[i] - previous[i]) / seconds)
                previous[i] = readings[i]
            }
        }
        if points.first.map({ $0.count >= capacity }) ?? false { halve() }
        nextSampleTime = interval * Int64(pointCount + 1)
    }

    public var pointCount: Int { points.first?.count ?? 0 }

    /// Point j of the halved series covers old points 2j and 2j + 1 and lies at the time of 2j + 1.
    private mutating func halve() {
        for i in descriptors.indices {
            let old = points[i]
            var new: [Double] = []
            new.reserveCapacity(capacity)
            var j = 1
            while j < old.count {
                switch descriptors[i].kind {
                case .level: new.append(old[j])
                case .rate: new.append((old[j - 1] + old[j]) / 2)
                }
                j += 2
            }
            points[i] = new
        }
        interval = interval * 2
        downsamplings += 1
    }

    /// The series as they stand.
    public var result: TimeSeriesSet {
        TimeSeriesSet(
            interval: interval, series: zip(descriptors, points).map { TimeSeries(descriptor: $0, values: $1) })
    }
}
