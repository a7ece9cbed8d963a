import CNcursesw
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal for running the real screen headless: the screen gets the slave side,
/// the test types into and reads from the master side.
final class PseudoTerminal: @unchecked Sendable {
    let master: Int32
    let slave: Int32
    private let output = Mutex<[UInt8]>([])
    private let stopping = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(rows: Int, columns: Int) throws {
        var master: Int32 = -1
        slave = parley_open_pty(&master)
        self.master = master
        guard slave >= 0 else {
            throw Failure(description: "no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        _ = parley_set_tty_size(master, Int32(rows), Int32(columns))
        let thread = Thread { [self] in drain() }
        thread.start()
    }

    /// Keeps reading the master side so the screen never blocks on a full pty buffer.
    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !stopping.load(ordering: .acquiring) {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 20) > 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            if count > 0 {
                output.withLock { $0 += buffer[..<count] }
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                break
            }
        }
        stopped.signal()
    }

    var bytes: [UInt8] { output.withLock { $0 } }
    var text: String { String(decoding: bytes, as: UTF8.self) }
    var byteCount: Int { output.withLock { $0.count } }

    func type(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(master, &bytes, bytes.count)
    }

    func resize(rows: Int, columns: Int) {
        _ = parley_set_tty_size(master, Int32(rows), Int32(columns))
    }

    /// Whether the line discipline echoes and edits lines, as a shell expects after a screen ends.
    var isCooked: Bool {
        var modes = termios()
        guard tcgetattr(slave, &modes) == 0 else { return false }
        return modes.c_lflag & tcflag_t(ECHO) != 0 && modes.c_lflag & tcflag_t(ICANON) != 0
    }

    func close() {
        stopping.store(true, ordering: .releasing)
        stopped.wait()
        Glibc.close(slave)
        Glibc.close(master)
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
