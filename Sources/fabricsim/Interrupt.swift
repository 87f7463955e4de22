import Foundation
import Synchronization

/// SIGINT during a run: the handler only raises a flag (all a signal handler may safely do); the run loop sees
/// it between slices of events, stops, and writes no result files.
enum Interrupt {
    static let flag = Atomic<Bool>(false)

    static var requested: Bool { flag.load(ordering: .relaxed) }

    static func install() {
        signal(SIGINT) { _ in Interrupt.flag.store(true, ordering: .relaxed) }
    }
}
