import Foundation

/// The process's peak resident memory, from getrusage (Linux reports kilobytes).
enum PeakMemory {
    static func residentBytes() -> Int64? {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return Int64(usage.ru_maxrss) * 1024
    }
}
