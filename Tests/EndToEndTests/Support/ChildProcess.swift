import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program the tests start and must stop again, whatever happens to the test.
/// Its stdout and stderr go to a log file whose tail ends up in failure messages.
///
/// Spawned with posix_spawn rather than Foundation's Process: Process hands the child the
/// signal mask of the calling thread, and Swift's worker threads block nearly every signal,
/// so a child would ignore SIGTERM (and chromedriver's Chromium children with it). Here the
/// child gets an empty mask, default handlers, and its own process group, so one signal to
/// the group also reaches the browsers chromedriver started.
final class ChildProcess: @unchecked Sendable {
    // @unchecked: `exitStatus` is guarded by `lock`; everything else is immutable.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let name: String
    let logURL: URL
    let processIdentifier: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    init(name: String, executable: URL, arguments: [String], logDirectory: URL) throws {
        self.name = name
        self.logURL = logDirectory.appendingPathComponent("\(name).log")

        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable.path] + arguments).map { strdup($0) }
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable.path, &actions, &attributes, argv + [nil], envp + [nil])
        guard result == 0 else {
            throw Failure(description: "could not start \(executable.path): \(String(cString: strerror(result)))")
        }
        processIdentifier = pid
    }

    deinit {
        // Last line of defence when a test forgot to stop it.
        if isRunning {
            kill(-processIdentifier, SIGKILL)
            var status: Int32 = 0
            waitpid(processIdentifier, &status, 0)
        }
    }

    /// Reaps the child if it has exited; true while it has not.
    var isRunning: Bool {
        lock.withLock {
            if exitStatus != nil { return false }
            var status: Int32 = 0
            let result = waitpid(processIdentifier, &status, WNOHANG)
            if result == processIdentifier || (result == -1 && errno == ECHILD) {
                exitStatus = status
                return false
            }
            return true
        }
    }

    /// Sends `signal` to the child alone (not its group), as a user's `kill` would.
    func send(signal: Int32) {
        if isRunning { kill(processIdentifier, signal) }
    }

    /// The exit code once the child has exited normally within `timeout`; nil if it is still
    /// running then or was killed by a signal.
    func exitCode(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning, ContinuousClock.now < deadline {
            await Self.pause()
        }
        return lock.withLock {
            guard let status = exitStatus, status & 0x7f == 0 else { return nil }
            return (status >> 8) & 0xff
        }
    }

    /// SIGTERM to the process group, then SIGKILL to the group if the leader is still there
    /// after `grace`. The group goes either way, so no helper of the child outlives it.
    func stop(grace: Duration = .seconds(3)) async {
        if isRunning {
            kill(-processIdentifier, SIGTERM)
            let deadline = ContinuousClock.now + grace
            while isRunning, ContinuousClock.now < deadline {
                await Self.pause()
            }
        }
        kill(-processIdentifier, SIGKILL)
        while isRunning {
            await Self.pause()
        }
    }

    /// A short wait that still waits when the task is cancelled (cleanup must finish).
    private static func pause() async {
        do {
            try await Task.sleep(for: .milliseconds(25))
        } catch {
            usleep(25_000)
        }
    }

    /// The end of the log, for error messages.
    func logTail(maxBytes: Int = 4000) -> String {
        guard let data = try? Data(contentsOf: logURL) else { return "(no log at \(logURL.path))" }
        let tail = data.suffix(maxBytes)
        let text = String(decoding: tail, as: UTF8.self)
        return data.count > maxBytes ? "…\(text)" : text
    }
}
