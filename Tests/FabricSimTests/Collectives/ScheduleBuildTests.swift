import FabricFlow
import FabricKernel
import FabricNetwork
import FabricTopology
import FabricTransport
import Testing

@testable import FabricCollectives

/// The schedule's compact form: its dependents are exactly the dependencies added, in the order added; a ring
/// reserves what it adds; a run that keeps no per-operation or per-flow record gives the same results.
@Suite("Collectives: the schedule's compact form and a run without records")
struct ScheduleBuildTests {
    /// A random schedule (transfers with random earlier dependencies, some repeated, some on streams; joins and
    /// computes), with what it was given: each operation's dependencies, and each stream's messages in order.
    struct RandomSchedule {
        var schedule: TransferSchedule
        var given: [[OpID]]
        var streams: [[Int]]
        var window: Int

        init(seed: UInt64, operations: Int) throws {
            let topology = try CollectiveFixtures.star(8)
            let window = 1 + Int(seed % 3)
            var builder = ScheduleBuilder(layout: GPULayout(topology: topology), streamWindow: window)
            var random = RandomStream(seed: seed, name: "schedule")
            var given: [[OpID]] = []
            var streams: [[Int]] = []
            var open: [Int?] = Array(repeating: nil, count: 8) // per source GPU, its stream being extended
            for id in 0..<operations {
                let after: [OpID] =
                    id == 0
                    ? [] : (0..<Int(random.nextIndex(below: 4))).map { _ in OpID(random.nextIndex(below: UInt64(id))) }
                switch random.nextIndex(below: 6) {
                case 0:
                    given.append(after)
                    builder.join(after: after)
                case 1:
                    given.append(after)
                    builder.compute(gpu: 0, after: after)
                default:
                    given.append(after)
                    let source = Int(random.nextIndex(below: 8))
                    let destination = (source + 1 + Int(random.nextIndex(below: 7))) % 8
                    if random.nextIndex(below: 3) > 0, let s = open[source] {
                        builder.transfer(
                            from: source, to: destination, bytes: 1, after: after, stream: OpID(streams[s].last!))
                        streams[s].append(id)
                    } else {
                        builder.transfer(from: source, to: destination, bytes: 1, after: after)
                        open[source] = streams.count
                        streams.append([id])
                    }
                }
            }
            schedule = builder.build()
            self.given = given
            self.streams = streams
            self.window = window
        }
    }

    @Test(
        "each operation's dependents are the operations that named it, in the order they were added; the window's are implied",
        arguments: Array(1...20) as [UInt64])
    func dependentsAreTheTransposedDependencies(seed: UInt64) throws {
        let random = try RandomSchedule(seed: seed, operations: 300)
        let schedule = random.schedule
        var expected = [[Int32]](repeating: [], count: random.given.count)
        for (to, dependencies) in random.given.enumerated() {
            for from in dependencies { expected[Int(from)].append(Int32(to)) }
        }
        for op in 0..<schedule.count {
            #expect(Array(schedule.dependents(of: op)) == expected[op], "operation \(op)")
        }
        #expect(schedule.dependents.count == random.given.reduce(0) { $0 + $1.count })
        #expect(
            schedule.dependentsStart.first == 0 && schedule.dependentsStart.last == Int32(schedule.dependents.count))
        // A stream's message waits for its edges, its predecessor's release and the completion of the one `window`
        // places back; the latter is no edge but the window successor of that message.
        var count = random.given.map { Int32($0.count) }
        var windowed = [Int](repeating: -1, count: schedule.count)
        for stream in random.streams {
            for (k, message) in stream.enumerated() {
                if k >= 1 { count[message] += 1 }
                if k >= random.window {
                    count[message] += 1
                    windowed[stream[k - random.window]] = message
                }
            }
        }
        #expect(schedule.dependencyCount == count)
        #expect((0..<schedule.count).map { schedule.windowSuccessor(of: $0) } == windowed)
    }

    @Test("an operation takes 24 bytes: its widest field first leaves no padding but the kind's")
    func operationLayout() {
        #expect(MemoryLayout<TransferSchedule.Op>.stride == 24)
    }

    @Test(
        "a ring reserves the operations it adds, so the schedule holds no doubling slack",
        arguments: [(1, 0), (2, 0), (1, 4), (4, 4)])
    func ringReservesWhatItAdds(channels: Int, chunks: Int64) throws {
        let topology = try CollectiveFixtures.star(16)
        var builder = ScheduleBuilder(layout: GPULayout(topology: topology))
        let bytes: Int64 = 64 << 20
        // chunks == 0: one message per ring step.
        let chunk = chunks == 0 ? bytes / Int64(16 * channels) : bytes / Int64(16 * channels) / chunks
        _ = builder.collective(
            CollectiveSpec(.allReduce, algorithm: .ring, bytes: bytes, chunkBytes: chunk, channels: channels),
            members: Array(0..<16))
        let transfers = 2 * 15 * 16 * channels * Int(max(chunks, 1))
        #expect(builder.ops.count == transfers + 16)
        // Doubling after a short reservation would leave the capacity near twice the count.
        #expect(
            builder.ops.capacity < builder.ops.count + builder.ops.count / 16,
            "\(builder.ops.capacity) for \(builder.ops.count)")
        #expect(
            builder.edgeFrom.count <= builder.edgeFrom.capacity
                && builder.edgeFrom.capacity < builder.edgeFrom.count + builder.edgeFrom.count / 8,
            "\(builder.edgeFrom.capacity) for \(builder.edgeFrom.count)")
    }

    @Test(
        "a collective run without records finishes at the same time and moves the same bytes over every port",
        arguments: [CollectiveAlgorithm.ring, .halvingDoubling, .tree])
    func recordsDoNotChangeTheRun(algorithm: CollectiveAlgorithm) throws {
        let topology = try LeafSpineConfig(
            leaves: 4, spines: 2, serversPerLeaf: 4, server: .singleGPU,
            hostLinkRate: .gigabitsPerSecond(400), fabricLinkRate: .gigabitsPerSecond(400)
        ).build()
        let layout = GPULayout(topology: topology)
        func run(records: Bool) -> CollectiveEpisode<FlowNetwork> {
            var builder = ScheduleBuilder(layout: layout)
            _ = builder.collective(
                CollectiveSpec(.allReduce, algorithm: algorithm, bytes: 8 << 20, channels: 1),
                members: Array(0..<layout.count))
            var network = FlowNetwork(topology: topology, config: .infiniband, seed: 3)
            if !records { network.discardFlowRecords() }
            return CollectiveEpisode.run(
                CollectiveEpisode(
                    fabric: CollectiveFabric(network: network, layout: layout),
                    schedule: builder.build(), recordsOperations: records)
            ).episode
        }
        let kept = run(records: true)
        let lean = run(records: false)
        #expect(lean.executor.isComplete && lean.executor.lastFinish == kept.executor.lastFinish)
        #expect(lean.fabric.network.ports.map(\.bytesSent) == kept.fabric.network.ports.map(\.bytesSent))
        #expect(lean.fabric.network.ports.map(\.busyTime) == kept.fabric.network.ports.map(\.busyTime))
        #expect(lean.fabric.network.counters == kept.fabric.network.counters)
        // Nothing per operation or per flow is left behind.
        #expect(lean.fabric.network.records.isEmpty && lean.executor.finishTime.isEmpty && lean.executor.flow.isEmpty)
        #expect(kept.fabric.network.records.count == Int(kept.fabric.network.counters.flowsStarted))
        #expect(kept.executor.finishTime.max() == kept.executor.lastFinish)
    }
}
