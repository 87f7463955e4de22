import Foundation

/// A joinable POSIX thread running one closure. Foundation's `Thread` cannot be joined and runs on its own
/// terms; a sweep needs to start its workers, let each place itself on a NUMA node before it allocates, and
/// wait for all of them. The unsafe handling of the closure's box lives here and nowhere else.
final class WorkerThread: @unchecked Sendable {
    private var handle = pthread_t()
    private let body: @Sendable () -> Void
    private var started = false

    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    /// Starts the thread with a stack of `stackBytes` (8 MiB: as a process's main thread gets on Linux, since a
    /// simulation knows no other).
    func start(stackBytes: Int = 8 << 20) {
        precondition(!started, "a worker thread starts once")
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackBytes)
        let box = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(
            &handle, &attributes,
            { raw in
                let thread = Unmanaged<WorkerThread>.fromOpaque(raw!).takeRetainedValue()
                thread.body()
                return nil
            }, box)
        precondition(status == 0, "pthread_create failed: \(String(cString: strerror(status)))")
        started = true
    }

    /// Waits for the closure to return.
    func join() {
        guard started else { return }
        pthread_join(handle, nil)
        started = false
    }
}
