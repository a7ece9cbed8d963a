import CNcursesw
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// ncurses' screen and the signal handlers are process-wide: one `Terminal` at a time.
private let terminalIsOpen = Atomic<Bool>(false)

/// The ncurses screen on a real terminal: opens it with `newterm` (never `initscr`, which exits
/// the process on a bad TERM), draws `ScreenBuffer`s by writing only the cells that changed,
/// reads keys, follows resizes, and always gives the terminal back.
///
/// Not thread-safe: one thread owns it (ncurses is not thread-safe either). `TerminalUI` runs it
/// on a thread of its own.
public final class Terminal {
    public private(set) var size: TerminalSize
    public let glyphs: GlyphSet
    public let usesColor: Bool
    public let termName: String
    /// Whether the window title is being set.
    public let setsTitle: Bool

    private enum State {
        /// The screen is up.
        case active
        /// endwin() was called for job control; the next draw comes back.
        case suspended
        /// endwin() was called for good (a terminating signal); nothing draws any more.
        case restored
        case closed
    }

    private var state = State.active
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let inputFile: UnsafeMutablePointer<FILE>
    private let outputFile: UnsafeMutablePointer<FILE>
    private let inputDescriptor: Int32
    private let outputDescriptor: Int32
    private let signalPipe: (read: Int32, write: Int32)?
    private let palette: Palette
    private let savedLocale: String?
    private let guardsCrashes: Bool
    private var previous: ScreenBuffer?
    private var cursorShown: Bool?
    private var currentTitle: String?

    static let caughtSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP, SIGCONT]

    public init(options: TerminalOptions = TerminalOptions(), forceASCII: Bool = false) throws(TerminalError) {
        guard let term = options.termName ?? options.environment["TERM"], !term.isEmpty else {
            throw .termNotSet
        }
        guard isatty(options.inputDescriptor) == 1 else { throw .notATerminal("the input") }
        guard isatty(options.outputDescriptor) == 1 else { throw .notATerminal("the output") }
        guard terminalIsOpen.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            throw .alreadyOpen
        }
        var cleanups: [() -> Void] = [{ terminalIsOpen.store(false, ordering: .releasing) }]
        func fail(_ error: TerminalError) -> TerminalError {
            for cleanup in cleanups.reversed() { cleanup() }
            return error
        }

        // Wide characters need a UTF-8 LC_CTYPE before newterm. A "C" locale is usually an SSH
        // session or a container that did not pass LANG on, in front of a UTF-8 terminal.
        savedLocale = setlocale(LC_CTYPE, nil).map { String(cString: $0) }
        setlocale(LC_CTYPE, "")
        if parley_codeset_is_utf8() == 0 { setlocale(LC_CTYPE, "C.UTF-8") }
        let utf8 = parley_codeset_is_utf8() != 0 && !forceASCII
        let restoreLocale = savedLocale
        cleanups.append { _ = restoreLocale.map { setlocale(LC_CTYPE, $0) } }

        let probe = parley_probe_term(term, options.outputDescriptor)
        switch probe {
        case 1: break
        case 0, -1: throw fail(.unknownTerm(term))
        default: throw fail(.unsuitableTerm(term))
        }

        if options.guardsCrashes { parley_crash_guard_save_modes(options.outputDescriptor) }

        // Our handlers go in before newterm, so ncurses does not install its own (which would
        // run ncurses code on whatever thread the signal lands on).
        var pipe: (read: Int32, write: Int32)?
        if options.handlesSignals {
            var fds: [Int32] = [-1, -1]
            guard parley_pipe_nonblocking(&fds) == 0 else {
                throw fail(.cannotStart("no pipe for signals: \(String(cString: strerror(errno)))"))
            }
            pipe = (fds[0], fds[1])
            parley_signal_set_pipe(fds[1])
            for signo in Self.caughtSignals { _ = parley_signal_install(signo) }
            cleanups.append {
                for signo in Self.caughtSignals { parley_signal_restore(signo) }
                parley_signal_set_pipe(-1)
                Glibc.close(fds[0])
                Glibc.close(fds[1])
            }
        }
        signalPipe = pipe

        // ncurses gets its own descriptors, so closing its FILEs leaves the caller's alone.
        let inFD = dup(options.inputDescriptor)
        let outFD = dup(options.outputDescriptor)
        let input = inFD >= 0 ? fdopen(inFD, "r") : nil
        let output = outFD >= 0 ? fdopen(outFD, "w") : nil
        guard let input, let output else {
            let reason = String(cString: strerror(errno))
            if let input { fclose(input) } else if inFD >= 0 { Glibc.close(inFD) }
            if let output { fclose(output) } else if outFD >= 0 { Glibc.close(outFD) }
            throw fail(.cannotStart("cannot use the terminal's file descriptors: \(reason)"))
        }
        cleanups.append { fclose(input); fclose(output) }
        guard let screen = newterm(term, output, input) else {
            throw fail(.unsuitableTerm(term))
        }
        guard let window = parley_stdscr() else {
            delscreen(screen)
            throw fail(.cannotStart("ncurses gave no window"))
        }
        self.screen = screen
        self.window = window
        inputFile = input
        outputFile = output
        inputDescriptor = inFD
        outputDescriptor = outFD
        termName = term
        glyphs = utf8 ? .unicode : .ascii
        guardsCrashes = options.guardsCrashes

        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        intrflush(window, false)
        set_escdelay(25)
        leaveok(window, false)

        var color = false
        if options.colors == .auto, !options.noColorRequested, has_colors() {
            color = start_color() == parley_ok() && parley_colors() >= 8
            if color { use_default_colors() }
        }
        usesColor = color
        palette = Palette(usesColor: color)
        palette.installPairs()

        size = TerminalSize(rows: Int(parley_getmaxy(window)), columns: Int(parley_getmaxx(window)))
        setsTitle = options.setsTitle && TerminalOptions.supportsTitle(term)

        if options.guardsCrashes {
            let reset = [parley_tigetstr("rmcup"), parley_tigetstr("sgr0"), parley_tigetstr("cnorm")]
                .compactMap { $0.map { String(cString: $0) } }.joined()
            parley_crash_guard_arm(outFD, reset)
            Self.registerExitHookOnce()
        }
        if setsTitle { writeRaw("\u{1B}[22;0t") }
    }

    deinit {
        close()
    }

    // MARK: - Drawing

    /// Writes the cells that differ from the last frame (all of them after `invalidate()` or a
    /// size change) and refreshes.
    public func draw(_ buffer: ScreenBuffer) {
        guard state == .active || state == .suspended else { return }
        state = .active
        let full = previous == nil || previous?.size != buffer.size
        if full {
            werase(window)
            clearok(window, true)
        }
        for run in ScreenDiff.runs(from: full ? nil : previous, to: buffer) {
            let look = palette.curses(run.style)
            parley_set_style(window, look.attributes, look.pair)
            let characters = run.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            // At the bottom-right cell ncurses returns ERR (the cursor cannot advance) after
            // placing the character; nothing to do about it.
            _ = characters.withUnsafeBufferPointer { pointer in
                parley_move_addnwstr(window, Int32(run.row), Int32(run.column), pointer.baseAddress, Int32(pointer.count))
            }
        }
        parley_set_style(window, parley_a_normal(), 0)
        if let cursor = buffer.cursor, cursor.row < size.rows, cursor.column < size.columns {
            if cursorShown != true { curs_set(1); cursorShown = true }
            wmove(window, Int32(cursor.row), Int32(cursor.column))
        } else if cursorShown != false {
            curs_set(0)
            cursorShown = false
        }
        wnoutrefresh(window)
        doupdate()
        previous = buffer
        if setsTitle, let title = buffer.title, title != currentTitle {
            currentTitle = title
            writeRaw("\u{1B}]0;\(Self.titleSafe(title))\u{07}")
        }
    }

    /// The next draw repaints the whole screen (after a resize, ctrl-l, or coming back from a stop).
    public func invalidate() {
        previous = nil
        currentTitle = nil
    }

    /// Title text cannot carry controls: they would end the sequence early and let a room name
    /// send the rest to the terminal.
    static func titleSafe(_ title: String) -> String {
        let scalars = title.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }
        return String(String.UnicodeScalarView(scalars.prefix(200)))
    }

    // MARK: - Input

    /// The descriptor to poll for keys.
    public var keyDescriptor: Int32 { inputDescriptor }
    /// The descriptor to poll for caught signals (nil when signals are not handled).
    public var signalDescriptor: Int32? { signalPipe?.read }

    /// The keys typed so far, without waiting.
    public func readKeys() -> [KeyPress] {
        guard state == .active else { return [] }
        var keys: [KeyPress] = []
        var code: UInt32 = 0
        // A bound, so a paste of a book does not hold the screen thread.
        while keys.count < 4096 {
            let status = parley_get_wch(window, &code)
            if status == parley_err() { break }
            if let key = KeyDecoder.decode(status: status, code: code) { keys.append(key) }
        }
        return keys
    }

    /// The signals caught since the last call.
    public func takeSignals() -> [Int32] {
        guard let pipe = signalPipe else { return [] }
        var signals: [Int32] = []
        var bytes = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(pipe.read, &bytes, bytes.count)
            if count <= 0 { break }
            signals += bytes[..<count].map { Int32($0) }
        }
        return signals
    }

    /// Follows the terminal's size; returns true when it changed (the next draw repaints).
    @discardableResult
    public func updateSize() -> Bool {
        guard state == .active || state == .suspended else { return false }
        var rows: Int32 = 0
        var columns: Int32 = 0
        if parley_tty_size(outputDescriptor, &rows, &columns) == 0 {
            if Int(rows) != size.rows || Int(columns) != size.columns {
                resize_term(rows, columns)
            }
        }
        let newSize = TerminalSize(rows: Int(parley_getmaxy(window)), columns: Int(parley_getmaxx(window)))
        guard newSize != size else { return false }
        size = newSize
        invalidate()
        return true
    }

    // MARK: - Giving the terminal back

    /// ctrl-z: give the terminal back, stop, and on return repaint at the current size.
    public func suspendForJobControl() {
        guard state == .active else { return }
        if setsTitle { writeRaw("\u{1B}[23;0t") }
        endwin()
        state = .suspended
        parley_suspend_self()
        if setsTitle { writeRaw("\u{1B}[22;0t") }
        invalidate()
        updateSize()
    }

    /// Gives the terminal back for good (a terminating signal): nothing draws afterwards.
    public func restore() {
        guard state == .active || state == .suspended else { return }
        if state == .active { endwin() }
        if setsTitle { writeRaw("\u{1B}[23;0t") }
        state = .restored
        if guardsCrashes { parley_crash_guard_disarm() }
    }

    /// Restores the terminal and releases everything. Safe to call more than once.
    public func close() {
        guard state != .closed else { return }
        restore()
        state = .closed
        delscreen(screen)
        fclose(inputFile)
        fclose(outputFile)
        if let pipe = signalPipe {
            for signo in Self.caughtSignals { parley_signal_restore(signo) }
            parley_signal_set_pipe(-1)
            Glibc.close(pipe.read)
            Glibc.close(pipe.write)
        }
        _ = savedLocale.map { setlocale(LC_CTYPE, $0) }
        terminalIsOpen.store(false, ordering: .releasing)
    }

    private func writeRaw(_ text: String) {
        fflush(outputFile)
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                write(outputDescriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                break
            }
            offset += written
        }
        bytes.removeAll()
    }

    private static let exitHook: Void = {
        // At exit() the screen may still be up (a caller that never closed it): the crash
        // guard's restore is async-signal-safe and touches no ncurses state.
        atexit { parley_crash_guard_restore_now() }
    }()

    private static func registerExitHookOnce() {
        _ = exitHook
    }
}
