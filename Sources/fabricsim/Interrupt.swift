import Foundation
import Synchronization

/// SIGINT (Ctrl-C) and SIGTERM (a scheduler preempting a job, `kill`) during a run: the handler only records
/// the signal (all a signal handler may safely do); the run loop sees it between slices of events — inside a
/// training step or a collective size too — stops, and writes no result files. The exit code says which signal
/// it was, as a shell reports a process killed by it: 128 + its number, 130 for SIGINT and 143 for SIGTERM.
enum Interrupt {
    /// The first signal received, 0 while none has been.
    static let received = Atomic<Int32>(0)

    static var requested: Bool { received.load(ordering: .relaxed) != 0 }

    /// 130 after SIGINT, 143 after SIGTERM.
    static var exitCode: Int32 {
        let signal = received.load(ordering: .relaxed)
        return signal == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted
    }

    /// The signal's name, for the message that says the run stopped.
    static var name: String { received.load(ordering: .relaxed) == SIGTERM ? "SIGTERM" : "SIGINT" }

    static func install() {
        for signal in [SIGINT, SIGTERM] {
            Foundation.signal(signal) { number in
                _ = Interrupt.received.compareExchange(expected: 0, desired: number, ordering: .relaxed)
            }
        }
        // A process may inherit these signals blocked (Foundation's Process on Linux passes on its caller's signal
        // mask); a blocked signal would stay pending for ever and the run could not be stopped.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
