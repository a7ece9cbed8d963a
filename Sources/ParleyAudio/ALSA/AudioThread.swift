import CALSA
import Glibc

/// A dedicated, joinable POSIX thread for an audio loop, real-time when the system allows.
///
/// Foundation's `Thread` cannot be joined; `stop()` must know the loop has finished before
/// it closes the device the loop is using.
struct AudioThread: ~Copyable {
    private let thread: pthread_t

    /// Starts `body` on a new thread named `name` (at most 15 bytes survive on Linux). The
    /// thread first asks for SCHED_FIFO at `realtimePriority`; `body` learns whether it got it.
    /// Returns the `pthread_create` error code on failure.
    static func start(
        name: String, realtimePriority: Int32?, body: @escaping @Sendable (_ isRealtime: Bool) -> Void
    ) -> Result<AudioThread, AudioThreadError> {
        let context = Unmanaged.passRetained(Context(name: name, priority: realtimePriority, body: body))
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Context>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, context.toOpaque())
        guard result == 0 else {
            context.release()
            return .failure(AudioThreadError(code: result))
        }
        return .success(AudioThread(thread: thread))
    }

    private init(thread: pthread_t) { self.thread = thread }

    /// Waits for the thread to finish.
    consuming func join() {
        pthread_join(thread, nil)
    }

    private final class Context {
        let name: String
        let priority: Int32?
        let body: @Sendable (Bool) -> Void

        init(name: String, priority: Int32?, body: @escaping @Sendable (Bool) -> Void) {
            self.name = name
            self.priority = priority
            self.body = body
        }

        func run() {
            _ = parley_thread_set_name(String(name.utf8.prefix(15)) ?? "parley-audio")
            body(becomeRealtime())
        }

        /// Asks for SCHED_FIFO; an unprivileged process is refused (EPERM) and stays normal.
        private func becomeRealtime() -> Bool {
            guard let priority else { return false }
            let lowest = sched_get_priority_min(SCHED_FIFO)
            let highest = sched_get_priority_max(SCHED_FIFO)
            var parameters = sched_param(sched_priority: min(max(priority, lowest), highest))
            return pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters) == 0
        }
    }
}

struct AudioThreadError: Error {
    let code: Int32
}
