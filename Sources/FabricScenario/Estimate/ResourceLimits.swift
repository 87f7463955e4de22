import FabricKernel
import Foundation

/// The memory a run may use, against which a scenario's estimate is checked before anything is built.
///
/// By default: 80 % of the memory the machine has available now (Linux's MemAvailable, the kernel's own estimate
/// of what can be allocated without swapping), or of the room left under the process's cgroup limit when that is
/// smaller; the other 20 % is a margin for the estimate's error and for the machine's other work. `--memory-limit`
/// replaces it (docs/cli.md). Where neither can be read, nothing is refused for memory.
public struct ResourceLimits: Sendable, Equatable {
    /// Bytes a run may use, or nil for no limit.
    public var memoryBytes: Double?
    /// Where the limit comes from, as messages say it: `80 % of the 23.4 GiB available`, `--memory-limit 8GiB`.
    public var memorySource: String

    public init(memoryBytes: Double?, memorySource: String) {
        self.memoryBytes = memoryBytes
        self.memorySource = memorySource
    }

    public static let unlimited = ResourceLimits(memoryBytes: nil, memorySource: "no limit")

    /// The share of the available memory a run may take by default.
    public static let safetyFraction = 0.8

    /// An explicit limit, from `--memory-limit`.
    public static func memory(_ limit: ByteCount) -> ResourceLimits {
        ResourceLimits(memoryBytes: Double(limit.bytes), memorySource: "--memory-limit \(limit)")
    }

    /// This limit shared by `workers` runs at once (a sweep's worker threads).
    public func shared(by workers: Int) -> ResourceLimits {
        guard let memoryBytes, workers > 1 else { return self }
        return ResourceLimits(
            memoryBytes: memoryBytes / Double(workers), memorySource: memorySource + ", shared by \(workers) workers")
    }

    /// The default: a fraction of what this machine (or this process's cgroup) has available now.
    public static func machine() -> ResourceLimits {
        var available = meminfoAvailable()
        var what = "available"
        if let room = cgroupRoom(), room < (available ?? .infinity) {
            available = room
            what = "left under this process's cgroup limit"
        }
        guard let available else { return .unlimited }
        let fraction = Int(safetyFraction * 100)
        return ResourceLimits(
            memoryBytes: available * safetyFraction,
            memorySource: "\(fraction) % of the \(MemoryAmount(available)) \(what); --memory-limit changes it")
    }

    /// MemAvailable of /proc/meminfo, in bytes.
    static func meminfoAvailable() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kib = Double(fields[1]) { return kib * 1024 }
        }
        return nil
    }

    /// The cgroup's limit less its usage (cgroup v2, else v1), when a limit is set.
    static func cgroupRoom() -> Double? {
        let pairs = [
            ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
            ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
        ]
        for (limitPath, usagePath) in pairs {
            guard let limitText = try? String(contentsOfFile: limitPath, encoding: .utf8) else { continue }
            // "max", or v1's "no limit" of about 2^63, mean unlimited.
            guard let limit = Double(limitText.trimmingCharacters(in: .whitespacesAndNewlines)), limit < 1e18 else {
                return nil
            }
            let usage =
                (try? String(contentsOfFile: usagePath, encoding: .utf8)).flatMap {
                    Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
                } ?? 0
            return max(0, limit - usage)
        }
        return nil
    }
}

/// An amount of memory as people read it: `1.4 GiB`, `730 MiB`.
struct MemoryAmount: CustomStringConvertible {
    var bytes: Double
    init(_ bytes: Double) { self.bytes = bytes }

    var description: String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        guard value.isFinite else { return "more than 1024 EiB" }
        return (value < 10 && unit > 0 ? String(format: "%.1f", value) : String(format: "%.0f", value)) + " "
            + units[unit]
    }
}
