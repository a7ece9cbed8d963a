import CNcursesw
import Synchronization
import Testing
@testable import ParleyTUI
#if canImport(Glibc)
import Glibc
#endif

/// The real ncurses screen on a pseudo-terminal. Serialized: there is one screen per process.
@Suite("Real terminal", .serialized)
struct TerminalTests {
    func options(_ pty: PseudoTerminal, term: String? = "xterm-256color", environment: [String: String] = [:]) -> TerminalOptions {
        TerminalOptions(termName: term, environment: environment, inputDescriptor: pty.slave, outputDescriptor: pty.slave)
    }

    @Test("An unknown TERM is a clear error, not a crash, and leaves the terminal untouched")
    func unknownTerm() throws {
        let pty = try PseudoTerminal(rows: 24, columns: 80)
        defer { pty.close() }
        #expect(throws: TerminalError.unknownTerm("xyz")) { try Terminal(options: options(pty, term: "xyz")) }
        #expect(TerminalError.unknownTerm("xyz").description
            == "cannot start the screen: TERM \"xyz\" is unknown (terminfo not found); set TERM, e.g. TERM=xterm-256color")
        #expect(throws: TerminalError.termNotSet) { try Terminal(options: options(pty, term: nil)) }
        #expect(throws: TerminalError.unsuitableTerm("dumb")) { try Terminal(options: options(pty, term: "dumb")) }
        #expect(pty.isCooked)
        #expect(pty.byteCount == 0, "nothing was written to the terminal")
        let devNull = open("/dev/null", O_RDWR)
        defer { close(devNull) }
        #expect(throws: TerminalError.notATerminal("the input")) {
            try Terminal(options: TerminalOptions(termName: "xterm", environment: [:], inputDescriptor: devNull, outputDescriptor: devNull))
        }
        // The failures released the one-screen lock: a good TERM opens now.
        let terminal = try Terminal(options: options(pty))
        terminal.close()
    }

    @Test("ncurses opens on a pseudo-terminal, draws a frame, redraws only changes, and restores the terminal")
    func drawsAndRestores() async throws {
        let pty = try PseudoTerminal(rows: 30, columns: 100)
        defer { pty.close() }
        let terminal = try Terminal(options: options(pty))
        #expect(terminal.size == TerminalSize(rows: 30, columns: 100))
        #expect(terminal.usesColor)
        #expect(terminal.setsTitle)
        #expect(!pty.isCooked, "the screen turns echo and line editing off")
        #expect(throws: TerminalError.alreadyOpen) { try Terminal(options: options(pty)) }

        let state = Fixtures.roomState()
        terminal.draw(ScreenLayout.render(state, size: terminal.size, glyphs: terminal.glyphs))
        #expect(await eventually { pty.text.contains("山田太郎") && pty.text.contains("standup") && pty.text.contains("alice") })
        #expect(await eventually { pty.text.contains("\u{1B}]0;Parley: LIVE · standup\u{07}") }, "title set")
        let fullFrame = pty.byteCount

        // The same frame again writes nothing.
        terminal.draw(ScreenLayout.render(state, size: terminal.size, glyphs: terminal.glyphs))
        try await Task.sleep(for: .milliseconds(100))
        #expect(pty.byteCount == fullFrame)

        // Muting rewrites the badge, the hint and the title: a small fraction of a frame.
        let muted = Fixtures.roomState(Fixtures.room(mic: .muted))
        terminal.draw(ScreenLayout.render(muted, size: terminal.size, glyphs: terminal.glyphs))
        #expect(await eventually { pty.text.contains("MUTED") })
        try await Task.sleep(for: .milliseconds(100))
        let delta = pty.byteCount - fullFrame
        #expect(delta > 0 && delta < fullFrame / 4, "a mute wrote \(delta) bytes; the full frame was \(fullFrame)")

        terminal.close()
        terminal.close()
        #expect(pty.isCooked, "echo and line editing are back")
        #expect(await eventually { pty.text.hasSuffix("\u{1B}[23;0t") }, "the title stack is popped last")
        #expect(pty.text.contains("\u{1B}[?1049l"), "the alternate screen is left")
    }

    @Test("NO_COLOR and monochrome terminals draw without colours")
    func monochrome() throws {
        let pty = try PseudoTerminal(rows: 24, columns: 80)
        defer { pty.close() }
        // The LIVE badge is black on green in colour: SGR 30 and 42.
        func drawSession(term: String, environment: [String: String]) throws -> (usesColor: Bool, output: String) {
            let start = pty.byteCount
            let terminal = try Terminal(options: options(pty, term: term, environment: environment))
            terminal.draw(ScreenLayout.render(Fixtures.roomState(), size: terminal.size, glyphs: terminal.glyphs))
            terminal.close()
            usleep(100_000)
            return (terminal.usesColor, String(decoding: pty.bytes[start...], as: UTF8.self))
        }
        let noColor = try drawSession(term: "xterm-256color", environment: ["NO_COLOR": "1"])
        #expect(!noColor.usesColor)
        #expect(!noColor.output.contains("42m") && !noColor.output.contains("41m"))
        #expect(noColor.output.contains("LIVE"))
        let mono = try drawSession(term: "xterm-mono", environment: [:])
        #expect(!mono.usesColor)
        #expect(!mono.output.contains("42m"))
        // An empty NO_COLOR does not count (no-color.org).
        let color = try drawSession(term: "xterm-256color", environment: ["NO_COLOR": ""])
        #expect(color.usesColor)
        #expect(color.output.contains("42m"), "the LIVE badge's green background")
    }

    @Test("The running screen: keys become intents, resizes are followed, redraws are throttled")
    func running() async throws {
        let pty = try PseudoTerminal(rows: 24, columns: 80)
        defer { pty.close() }
        let ui = try TerminalUI(
            options: TerminalUI.Options(terminal: options(pty)),
            rooms: RoomsViewModel(server: "wss://x", rooms: [RoomListing(name: "standup", peerCount: 1)]),
            room: Fixtures.room()
        )
        defer { ui.close() }
        let intents = Mutex<[UserIntent]>([])
        let collector = Task {
            for await intent in ui.intents { intents.withLock { $0.append(intent) } }
        }
        #expect(await eventually { pty.text.contains("alice") })

        pty.type("m")
        #expect(await eventually { intents.withLock { $0 } == [.toggleMute] })
        pty.type("\u{1B}OB+")  // down arrow (xterm in keypad mode), then +
        #expect(await eventually { intents.withLock { $0.last } == .changePeerVolume(peerID: "b2c3d4e5f6", by: 10) })
        pty.type("q")
        #expect(await eventually { pty.text.contains("Leave the call? y/n") })
        pty.type("y")
        #expect(await eventually { intents.withLock { $0.last } == .leaveCall })

        pty.resize(rows: 10, columns: 40)
        kill(getpid(), SIGWINCH)
        #expect(await eventually { ui.size == TerminalSize(rows: 10, columns: 40) })

        // A hundred model changes in a quarter second: a few frames, not a hundred.
        let before = ui.framesDrawn
        let start = ContinuousClock.now
        for level in 0..<100 {
            var model = Fixtures.room()
            model.selfLevelDBFS = Double(-level)
            ui.show(room: model)
            try await Task.sleep(for: .milliseconds(2))
        }
        let elapsed = ContinuousClock.now - start
        try await Task.sleep(for: .milliseconds(250))
        let frames = ui.framesDrawn - before
        let allowed = Int(elapsed / .milliseconds(100)) + 3
        #expect(frames >= 1 && frames <= allowed, "\(frames) frames for 100 changes in \(elapsed)")

        ui.close()
        #expect(!ui.isRunning)
        #expect(pty.isCooked)
        _ = await collector.value
    }

    @Test("SIGTERM: the terminal is restored before the signal is reported, and the screen stops")
    func terminationSignal() async throws {
        // Whatever handler the test process had before (other suites may have set one).
        var before = sigaction()
        sigaction(SIGTERM, nil, &before)
        let pty = try PseudoTerminal(rows: 24, columns: 80)
        defer { pty.close() }
        let ui = try TerminalUI(options: TerminalUI.Options(terminal: options(pty)), rooms: RoomsViewModel(server: "wss://x"), room: Fixtures.room())
        defer { ui.close() }
        #expect(await eventually { pty.text.contains("standup") })
        let cookedWhenReported = Mutex<Bool?>(nil)
        let watcher = Task {
            for await signal in ui.signals where signal == .terminate {
                cookedWhenReported.withLock { $0 = pty.isCooked }
            }
        }
        kill(getpid(), SIGTERM)
        #expect(await eventually { cookedWhenReported.withLock { $0 } != nil })
        #expect(cookedWhenReported.withLock { $0 } == true)
        #expect(await eventually { !ui.isRunning })
        _ = await watcher.value
        // The handlers went back to what they were.
        var action = sigaction()
        sigaction(SIGTERM, nil, &action)
        #expect(unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
                == unsafeBitCast(before.__sigaction_handler.sa_handler, to: Int.self))
    }
}
