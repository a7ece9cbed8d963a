import CNcursesw
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The running screen: a thread of its own owns the terminal (ncurses is not thread-safe), waits
/// in poll() for keys, signals and new view models, turns keys into `intents`, and redraws at
/// most `minimumRedrawInterval` apart, only when what it shows changed.
///
/// Feed it with `show(room:)` and `show(rooms:)` from any thread or task; read `intents` and
/// `signals`; call `close()` (or use `run`) when done. After SIGINT, SIGTERM or SIGHUP the
/// terminal is already restored when `signals` reports it, and the screen has stopped.
public final class TerminalUI: Sendable {
    public struct Options: Sendable {
        public var terminal: TerminalOptions
        public var controller: ScreenController.Options
        public var minimumRedrawInterval: Duration
        /// Draw with ASCII only, even on a UTF-8 terminal.
        public var asciiOnly: Bool

        public init(
            terminal: TerminalOptions = TerminalOptions(),
            controller: ScreenController.Options = ScreenController.Options(),
            minimumRedrawInterval: Duration = .milliseconds(100),
            asciiOnly: Bool = false
        ) {
            self.terminal = terminal
            self.controller = controller
            self.minimumRedrawInterval = minimumRedrawInterval
            self.asciiOnly = asciiOnly
        }
    }

    /// What the user asked for, in order. Finishes when the screen stops.
    public let intents: AsyncStream<UserIntent>
    /// SIGINT, SIGTERM, SIGHUP, each reported after the terminal was restored. Finishes when the
    /// screen stops.
    public let signals: AsyncStream<TerminalSignal>

    private struct Inbox: Sendable {
        var room: RoomViewModel??
        var rooms: RoomsViewModel?
        var stop = false
        var running = true
        var size: TerminalSize
        var frames = 0
    }

    private let inbox: Mutex<Inbox>
    private let wake: (read: Int32, write: Int32)
    private let finished = DispatchSemaphore(value: 0)
    private let threadDone = Mutex(false)

    /// Opens the terminal and starts the screen thread. Throws a `TerminalError` (with a message
    /// meant for the user) when the screen cannot start; the terminal is untouched then.
    public init(options: Options = Options(), rooms: RoomsViewModel, room: RoomViewModel? = nil) throws(TerminalError) {
        let terminal = try Terminal(options: options.terminal, forceASCII: options.asciiOnly)
        var fds: [Int32] = [-1, -1]
        guard parley_pipe_nonblocking(&fds) == 0 else {
            terminal.close()
            throw .cannotStart("no pipe: \(String(cString: strerror(errno)))")
        }
        wake = (fds[0], fds[1])
        inbox = Mutex(Inbox(size: terminal.size))
        let (intents, intentSink) = AsyncStream.makeStream(of: UserIntent.self)
        let (signals, signalSink) = AsyncStream.makeStream(of: TerminalSignal.self)
        self.intents = intents
        self.signals = signals

        var controller = ScreenController(options: options.controller, rooms: rooms)
        controller.update(room: room)
        let loop = ScreenLoop(
            terminal: terminal, controller: controller,
            throttle: RedrawThrottle(minimumInterval: options.minimumRedrawInterval),
            intentSink: intentSink, signalSink: signalSink
        )
        let thread = Thread { [self] in
            loop.run(owner: self)
            threadDone.withLock { $0 = true }
            finished.signal()
        }
        thread.name = "parley-screen"
        thread.start()
    }

    deinit {
        close()
        Glibc.close(wake.read)
        Glibc.close(wake.write)
    }

    /// Shows the call, or nil when not in a call. Cheap: only the latest model is kept, and
    /// equal models draw nothing.
    public func show(room: RoomViewModel?) {
        inbox.withLock { $0.room = .some(room) }
        poke()
    }

    public func show(rooms: RoomsViewModel) {
        inbox.withLock { $0.rooms = rooms }
        poke()
    }

    /// Whether the screen still runs (false after close() or a terminating signal).
    public var isRunning: Bool {
        inbox.withLock { $0.running }
    }

    /// The terminal's size as of the last frame.
    public var size: TerminalSize {
        inbox.withLock { $0.size }
    }

    /// Frames drawn so far (for tests and diagnostics).
    public var framesDrawn: Int {
        inbox.withLock { $0.frames }
    }

    /// Stops the screen and restores the terminal; returns when it is restored. Idempotent.
    public func close() {
        let alreadyDone = threadDone.withLock { $0 }
        if alreadyDone { return }
        inbox.withLock { $0.stop = true }
        poke()
        finished.wait()
        finished.signal()
    }

    /// Opens the screen, runs `body`, and closes the screen however `body` ends.
    public static func run<T>(
        options: Options = Options(), rooms: RoomsViewModel, room: RoomViewModel? = nil,
        _ body: (TerminalUI) async throws -> T
    ) async throws -> T {
        let ui = try TerminalUI(options: options, rooms: rooms, room: room)
        defer { ui.close() }
        return try await body(ui)
    }

    private func poke() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    // MARK: - Used by the screen thread (ScreenLoop)

    func takeInbox() -> (room: RoomViewModel??, rooms: RoomsViewModel?, stop: Bool) {
        var drain = [UInt8](repeating: 0, count: 64)
        while read(wake.read, &drain, drain.count) > 0 {}
        return inbox.withLock { inbox in
            defer {
                inbox.room = nil
                inbox.rooms = nil
            }
            return (inbox.room, inbox.rooms, inbox.stop)
        }
    }

    func didDraw(size: TerminalSize) {
        inbox.withLock {
            $0.size = size
            $0.frames += 1
        }
    }

    func markStopped() {
        inbox.withLock { $0.running = false }
    }

    var wakeDescriptor: Int32 { wake.read }
}
