import FabricKernel
import FabricMetrics

/// trace.json: the run as a timeline in the Chrome trace-event format, which Perfetto (ui.perfetto.dev) and
/// chrome://tracing open.
///
/// - Spans become complete events (`ph: X`): one process per span group (`hosts`, `ranks`), one thread per
///   track. A trace viewer draws the slices of one thread as a stack, so spans of one track that overlap in time
///   (a host's concurrent flows) are dealt onto extra lanes, `host3`, `host3 #2`, ... .
/// - Series become counters (`ph: C`): the model-wide ones all, and of each group of per-subject series (queue
///   depth per port) the `countersPerGroup` with the highest peak. A level is drawn at its sample time; a rate
///   from the start of the interval it averages.
///
/// Bounded: the timeline's window and cap already bound the spans, and the series' budget bounds the counters.
/// Timestamps are in microseconds, as the format requires, with picosecond digits kept.
public enum TraceDocument {
    public static let countersPerGroup = 8

    public static func text(_ result: RunResult) -> String {
        var events: [ResultValue] = []
        var pid = 1
        func metadata(_ name: String, pid: Int, tid: Int? = nil, _ args: ResultObject) -> ResultValue {
            var e = ResultObject()
            e["name"] = .string(name)
            e["ph"] = "M"
            e["pid"] = .integer(pid)
            if let tid { e["tid"] = .integer(tid) }
            e["args"] = .object(args)
            return .object(e)
        }

        // Spans, by group, then track, in first-seen order.
        let timeline = result.timeline
        var groupOrder: [String] = []
        var tracksByGroup: [String: [String]] = [:]
        var spansByTrack: [String: [TimelineSpan]] = [:]
        for span in timeline.spans {
            if tracksByGroup[span.group] == nil { groupOrder.append(span.group) }
            let key = span.group + "\u{0}" + span.track
            if spansByTrack[key] == nil { tracksByGroup[span.group, default: []].append(span.track) }
            spansByTrack[key, default: []].append(span)
        }
        for group in groupOrder {
            events.append(metadata("process_name", pid: pid, ["name": .string(group)]))
            events.append(metadata("process_sort_index", pid: pid, ["sort_index": .integer(pid)]))
            var tid = 1
            for track in tracksByGroup[group]! {
                let lanes = deal(spansByTrack[group + "\u{0}" + track]!)
                for (l, lane) in lanes.enumerated() {
                    events.append(
                        metadata(
                            "thread_name", pid: pid, tid: tid, ["name": .string(l == 0 ? track : "\(track) #\(l + 1)")])
                    )
                    events.append(metadata("thread_sort_index", pid: pid, tid: tid, ["sort_index": .integer(tid)]))
                    for span in lane {
                        var e = ResultObject()
                        e["name"] = .string(span.name)
                        e["cat"] = .string(span.category)
                        e["ph"] = "X"
                        e["ts"] = .double(microseconds(span.start))
                        e["dur"] = .double(microseconds(span.duration))
                        e["pid"] = .integer(pid)
                        e["tid"] = .integer(tid)
                        if !span.finished { e["args"] = .object(ResultObject(["finished": false])) }
                        events.append(.object(e))
                    }
                    tid += 1
                }
            }
            pid += 1
        }

        // Counters: the model-wide series in one process, then one process per group of per-subject series.
        let series = result.series
        if !series.isEmpty {
            let windowStart = timeline.windowStart
            let windowEnd = timeline.windowEnd
            let whole = series.series.filter { $0.descriptor.subject == nil }
            var counterGroups: [(String, [TimeSeries])] = whole.isEmpty ? [] : [("model", whole)]
            for group in series.groups {
                let members = group.members.filter { $0.descriptor.subject != nil && ($0.maximum ?? 0) != 0 }
                guard !members.isEmpty else { continue }
                counterGroups.append(
                    (
                        "\(group.name) (highest \(min(countersPerGroup, members.count)) of \(group.members.count))",
                        worst(members, count: countersPerGroup)
                    ))
            }
            for (name, members) in counterGroups {
                events.append(metadata("process_name", pid: pid, ["name": .string(name)]))
                events.append(metadata("process_sort_index", pid: pid, ["sort_index": .integer(pid)]))
                for s in members {
                    let unit = s.descriptor.unit.isEmpty ? "value" : s.descriptor.unit
                    for (i, value) in s.values.enumerated() where value.isFinite {
                        var time = series.time(ofPoint: i)
                        if s.descriptor.kind == .rate { time = time - series.interval }
                        guard time >= windowStart, time <= windowEnd else { continue }
                        var e = ResultObject()
                        e["name"] = .string(s.descriptor.label)
                        e["ph"] = "C"
                        e["ts"] = .double(microseconds(time))
                        e["pid"] = .integer(pid)
                        e["args"] = .object(ResultObject([unit: .double(value)]))
                        events.append(.object(e))
                    }
                }
                pid += 1
            }
        }

        var other = ResultObject()
        other["scenario"] = .string(result.scenario)
        other["model"] = .string(result.model)
        other["seed"] = .string(String(result.seed))
        other["fabricsim_version"] = .string(FabricSimVersion.string)
        other["simulated_time"] = .string(result.simulatedTime.description)
        other["spans"] = .integer(timeline.spans.count)
        other["spans_dropped"] = .integer(timeline.dropped)

        var out = "{\"traceEvents\":[\n"
        for (i, event) in events.enumerated() {
            out += JSONWriter.compact(event)
            out += i + 1 < events.count ? ",\n" : "\n"
        }
        out += "],\n\"displayTimeUnit\":\"ns\",\n\"otherData\":" + JSONWriter.compact(.object(other)) + "}\n"
        return out
    }

    /// Deals spans onto the fewest lanes on which none overlap (earliest start first, first free lane).
    static func deal(_ spans: [TimelineSpan]) -> [[TimelineSpan]] {
        let ordered = spans.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(
            \.element)
        var lanes: [[TimelineSpan]] = []
        var ends: [SimTime] = []
        for span in ordered {
            if let l = ends.firstIndex(where: { $0 <= span.start }) {
                lanes[l].append(span)
                ends[l] = span.end
            } else {
                lanes.append([span])
                ends.append(span.end)
            }
        }
        return lanes
    }

    /// The members with the highest peaks, highest first (ties in their own order).
    static func worst(_ members: [TimeSeries], count: Int) -> [TimeSeries] {
        Array(
            members.enumerated().sorted { a, b in
                let (x, y) = (a.element.maximum ?? 0, b.element.maximum ?? 0)
                return x != y ? x > y : a.offset < b.offset
            }.prefix(count).map(\.element))
    }

    static func microseconds(_ time: SimTime) -> Double { Double(time.rawValue) / 1e6 }
}
