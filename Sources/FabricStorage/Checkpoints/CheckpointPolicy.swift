import FabricKernel

/// What a checkpoint holds, who writes it, when, and whether training waits for it. Defaults and sources:
/// docs/storage.md.
public struct CheckpointPolicy: Sendable, Equatable {
    /// Model parameters.
    public var parameters: Int64
    /// Bytes saved per parameter: 16 for mixed-precision Adam (ZeRO's accounting: 2 + 2 for 16-bit weights and
    /// gradients, 12 for the fp32 master weights, momentum and variance — Rajbhandari et al., SC 2020).
    public var bytesPerParameter: Int64
    public var sharding: Sharding
    public var trigger: Trigger
    public var mode: Mode
    /// Device-to-host copy rate of one GPU for an asynchronous checkpoint's snapshot (PCIe Gen5 x16: 64 GB/s per
    /// direction raw; about 50 GB/s achieved).
    public var snapshotBandwidth: Bandwidth

    public enum Sharding: String, Sendable, Equatable, CaseIterable {
        /// Every data-parallel rank writes an equal share (ZeRO/FSDP-style sharded state, distributed checkpoint).
        case sharded
        /// One rank per model replica writes it all: in a purely data-parallel job, rank 0 writes the whole state.
        case replica
    }

    public enum Trigger: Sendable, Equatable {
        /// After every `n` steps.
        case steps(Int)
        /// At the first step boundary at least this long after the previous checkpoint began (or the job began).
        case interval(SimTime)
    }

    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// Training stops until the last byte is durable.
        case synchronous
        /// Training stops for the device-to-host snapshot; the upload runs beside the next steps.
        case asynchronous
    }

    public static let defaultBytesPerParameter: Int64 = 16
    public static let defaultSnapshotBandwidth = Bandwidth(bitsPerSecond: 50 * 8 * 1_000_000_000)

    public init(
        parameters: Int64, bytesPerParameter: Int64 = defaultBytesPerParameter, sharding: Sharding = .sharded,
        trigger: Trigger, mode: Mode = .synchronous, snapshotBandwidth: Bandwidth = defaultSnapshotBandwidth
    ) {
        self.parameters = parameters
        self.bytesPerParameter = bytesPerParameter
        self.sharding = sharding
        self.trigger = trigger
        self.mode = mode
        self.snapshotBandwidth = snapshotBandwidth
    }

    /// Bytes of one checkpoint.
    public var bytes: Int64 { parameters.multipliedReportingOverflow(by: bytesPerParameter).partialValue }

    /// Bytes each of `ranks` ranks writes, to the byte: equal shares (the first few one byte more), or all on
    /// rank 0.
    public func shards(ranks: Int) -> [Int64] {
        switch sharding {
        case .replica:
            return [bytes] + Array(repeating: 0, count: max(0, ranks - 1))
        case .sharded:
            let base = bytes / Int64(ranks)
            let extra = Int(bytes % Int64(ranks))
            return (0..<ranks).map { base + ($0 < extra ? 1 : 0) }
        }
    }

    /// The training stall of the snapshot: the largest shard copied to host memory.
    public func snapshotTime(ranks: Int) -> SimTime {
        snapshotBandwidth.serializationTime(of: ByteCount(shards(ranks: ranks).max() ?? 0))
    }

    /// Whether a checkpoint is due after `step` (counted from 0) has ended at job time `now`, the last one having
    /// begun at `last` (nil: none yet, counted from the job's start).
    public func isDue(afterStep step: Int, now: SimTime, lastStart last: SimTime?) -> Bool {
        switch trigger {
        case .steps(let n): return (step + 1) % n == 0
        case .interval(let t): return now - (last ?? .zero) >= t
        }
    }
}

extension StorageTraffic {
    /// The writers of a checkpoint: rank i (GPU `members[i]`) writes `shards[i]` bytes from its client host;
    /// ranks with nothing to write are left out. Each writer's stripe set starts `stripeCount` servers after the
    /// previous writer's, moved on by one more each time the sets have gone round the servers, so that the first
    /// stripes — and the short last ones — of many writers spread evenly over the servers.
    public static func writers(shards: [Int64], members: [Int], fabric: StorageFabric, config: StorageConfig)
        -> [Writer]
    {
        var writers: [Writer] = []
        for (i, bytes) in shards.enumerated() where bytes > 0 {
            let offset = writers.count * config.stripeCount
            let first = Int32((offset + offset / config.servers) % config.servers)
            writers.append(Writer(host: fabric.clientHost[members[i]], bytes: bytes, firstServer: first))
        }
        return writers
    }
}
