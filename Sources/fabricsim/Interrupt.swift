import Foundation
import Synchronization

/// SIGINT during a run: the handler only raises a flag (all a signal handler may safely do); the run loop sees
/// it between slices of events, stops, and writes no result files.
enum Interrupt {
    static let flag = Atomic<Bool>(false)

    static var requested: Bool { flag.load(ordering: .relaxed) }

    static func install() {
        signal(SIGINT) { _ in Interrupt.flag.store(true, ordering: .relaxed) }
        // A process may inherit SIGINT blocked (Foundation's Process on Linux passes on its caller's signal
        // mask); a blocked SIGINT would stay pending for ever and the run could not be interrupted.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
