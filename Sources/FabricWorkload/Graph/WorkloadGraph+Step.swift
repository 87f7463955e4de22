import FabricCollectives
import FabricKernel

/// What a step that ran the graph measured, read from the executor's record of it: when each rank ended, the
/// critical path's rank, the time the network was busy. The same for every builder's graph.
extension WorkloadGraph {
    /// The rank that ended the step last (the first of equal ones) and when: the step's time. A rank whose end
    /// never ran (its communication did not complete) is counted as ending its last operation's duration after
    /// the executor's last completion.
    public func end(executor: ScheduleExecutor, durations: [SimTime]) -> (rank: Int, end: SimTime) {
        var end = SimTime.zero
        var last = 0
        for r in rankEnds.indices {
            let finish = executor.finishTime[Int(rankEnds[r])]
            let finished = finish != .max ? finish : executor.lastFinish + endDuration(rank: r, durations: durations)
            if finished > end {
                end = finished
                last = r
            }
        }
        return (last, end)
    }

    /// How long rank r's last operation computes (zero if it is no compute): the data-parallel job's optimizer.
    public func endDuration(rank r: Int, durations: [SimTime]) -> SimTime {
        let op = schedule.ops[Int(rankEnds[r])]
        return op.kind == .compute ? durations[op.computeSlot] : .zero
    }

    /// The rank the step waited for: on `path` (the executor's critical path, from the step's end backwards), the
    /// rank of the first compute that communication waited for — whose end released the transfers and joins the
    /// step's end came through. Nil if the path has none (the step waited for nothing but compute).
    public func criticalRank(on path: [Int]) -> Int? {
        var afterCommunication = false
        for op in path {
            let o = schedule.ops[op]
            if o.kind == .compute {
                if afterCommunication { return Int(tasks[o.computeSlot].rank) }
            } else {
                afterCommunication = true
            }
        }
        return nil
    }

    /// How long any of the step's network transfers was in flight: the union of their intervals, from each one's
    /// start to its delivery. What the ports' utilisation while communicating is over.
    public func networkWindow(executor: ScheduleExecutor) -> SimTime {
        var intervals: [(start: SimTime, end: SimTime)] = []
        for op in schedule.ops.indices where schedule.ops[op].kind == .network {
            let (start, end) = (executor.startTime[op], executor.finishTime[op])
            if start != .max { intervals.append((start, end == .max ? executor.lastFinish : end)) }
        }
        intervals.sort { $0.start < $1.start }
        var total = SimTime.zero
        var open: (start: SimTime, end: SimTime)?
        for interval in intervals {
            if let current = open, interval.start <= current.end {
                open = (current.start, max(current.end, interval.end))
            } else {
                if let current = open { total += current.end - current.start }
                open = interval
            }
        }
        if let current = open { total += current.end - current.start }
        return total
    }
}
