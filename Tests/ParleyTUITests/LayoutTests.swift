import Testing
@testable import ParleyTUI

@Suite("Layout")
struct LayoutTests {
    static func allStates() -> [ScreenState] {
        var controller = ScreenController(options: .init(pushToTalk: .holdDefault), rooms: RoomsViewModel(server: "wss://x", rooms: [
            RoomListing(name: "standup", peerCount: 3, maxPeers: 8), RoomListing(name: Fixtures.cjkName, peerCount: 12_000),
            RoomListing(name: Fixtures.longName, peerCount: 1, maxPeers: 1),
        ], error: "cannot reach the server: connection refused"))
        var states: [ScreenState] = [controller.screenState]
        controller.update(room: Fixtures.room())
        states.append(controller.screenState)
        let now = ContinuousClock.now
        _ = controller.handle(.character("q"), now: now)
        states.append(controller.screenState)
        _ = controller.handle(.character("n"), now: now)
        _ = controller.handle(.character("?"), now: now)
        states.append(controller.screenState)
        _ = controller.handle(.escape, now: now)
        _ = controller.handle(.character("r"), now: now)
        states.append(controller.screenState)
        controller.update(room: nil)
        _ = controller.handle(.character("n"), now: now)
        for c in "a long room name typed by someone 会議" { _ = controller.handle(.character(c), now: now) }
        states.append(controller.screenState)
        states.append(Fixtures.roomState(Fixtures.room(peers: [], events: 0, mic: .deafened)))
        states.append(Fixtures.roomState(Fixtures.room(peers: (0..<60).map {
            PeerRow(id: "p\($0)", name: "peer \($0) 🎧", stateText: "connected", stateKind: .ok)
        }, events: 30, mic: .pushToTalkIdle), selected: "p45"))
        return states
    }

    @Test("Every page at every size, tiny ones included, fills exactly the terminal without broken wide characters")
    func everySizeIsWhole() {
        for state in Self.allStates() {
            for size in Fixtures.sizes {
                for glyphs in [GlyphSet.unicode, .ascii] {
                    let buffer = ScreenLayout.render(state, size: size, glyphs: glyphs)
                    #expect(buffer.size == size)
                    #expect(buffer.isWellFormed, "broken wide cluster at \(size)")
                    #expect(buffer.rowWidths().allSatisfy { $0 == size.columns }, "a row is not \(size.columns) wide at \(size)")
                    if glyphs.asciiOnly {
                        #expect(buffer.lines.allSatisfy { $0.unicodeScalars.allSatisfy { $0.isASCII } }, "non-ASCII in ASCII mode at \(size)")
                    }
                }
            }
        }
    }

    @Test("At 80×24 every column shows, aligned across CJK and emoji names")
    func room80x24() throws {
        let buffer = ScreenLayout.render(Fixtures.roomState(), size: TerminalSize(rows: 24, columns: 80))
        let lines = buffer.lines
        #expect(lines[0].hasPrefix(" LIVE "))
        #expect(lines[0].contains("standup"))
        #expect(lines[0].contains("me"))
        #expect(lines[0].contains("wss://parley.example:8443"))
        #expect(buffer.row(containing: "Audio devices are on host build-7") != nil)
        #expect(buffer.row(containing: "https://parley.example:8443/?room=standup") != nil)
        let header = try #require(buffer.row(containing: "Name"))
        for title in ["ID", "State", "Pair", "RTT", "Jit", "Loss", "JBuf", "Level", "Vol"] {
            #expect(lines[header].contains(title), "missing column \(title)")
        }
        let idColumn = try #require(buffer.column(of: "ID", row: header))
        let pairColumn = try #require(buffer.column(of: "Pair", row: header))
        for (peer, name) in zip(Fixtures.peers(), ["alice", Fixtures.cjkName, Fixtures.emojiName, "Bob the", "Zoë"]) {
            let row = try #require(buffer.row(containing: name), "no row for \(name)")
            #expect(buffer.column(of: String(peer.shortID.prefix(6)), row: row) == idColumn, "\(name): ID column misaligned")
            let pair = peer.pairType?.rawValue ?? "-"
            #expect(buffer.column(of: pair, row: row) == pairColumn, "\(name): Pair column misaligned")
        }
        // The long name is cut with an ellipsis, within its column.
        let bobRow = try #require(buffer.row(containing: "Bob the"))
        #expect(lines[bobRow].contains("…"))
        #expect(!lines[bobRow].contains("really"))
        // Values as formatted for the table.
        let aliceRow = try #require(buffer.row(containing: "alice"))
        #expect(lines[aliceRow].contains("23ms"))
        #expect(lines[aliceRow].contains("0.4%"))
        #expect(lines[aliceRow].contains("100%"))
        let emojiRow = try #require(buffer.row(containing: Fixtures.emojiName))
        #expect(lines[emojiRow].contains("relay"))
        #expect(lines[emojiRow].contains("180ms"))
        #expect(lines[emojiRow].contains("3.3%") || lines[emojiRow].contains("3.2%"))
        #expect(lines[emojiRow].contains("150%"))
        #expect(lines[bobRow].contains("mute"))
        // Events, newest last, above the hint line.
        let events = try #require(buffer.row(containing: "Events"))
        #expect(lines[events + 1].contains("event number 0"))
        #expect(lines[22].contains("event number 3"))
        #expect(lines[23].contains("m mute"))
        #expect(lines[23].contains("? help"))
        #expect(buffer.title == "Parley: LIVE · standup")
    }

    @Test("The selected row is in reverse video from edge to edge, with the selection mark")
    func selection() throws {
        let buffer = ScreenLayout.render(Fixtures.roomState(selected: "c3d4e5f6a7"), size: TerminalSize(rows: 24, columns: 80))
        let row = try #require(buffer.row(containing: Fixtures.emojiName))
        #expect(buffer.lines[row].hasPrefix("▶"))
        for column in 0..<80 {
            #expect(buffer.cell(row: row, column: column)?.style.reverse == true)
        }
        let alice = try #require(buffer.row(containing: "alice"))
        #expect(buffer.cell(row: alice, column: 0)?.style.reverse == false)
        // alice speaks: the speaking mark.
        #expect(buffer.lines[alice].hasPrefix(" ●"))
    }

    @Test("A failure reason cut in the table shows in full for the selected peer")
    func failureDetail() throws {
        let buffer = ScreenLayout.render(Fixtures.roomState(selected: "d4e5f6a7b8"), size: TerminalSize(rows: 24, columns: 80))
        let detail = try #require(buffer.row(containing: "failed: ICE timed out after 30 s"))
        #expect(buffer.cell(row: detail, column: buffer.column(of: "failed", row: detail) ?? 0)?.style.role == .stateFailed)
        // Not shown when the selected peer's state fits.
        let other = ScreenLayout.render(Fixtures.roomState(selected: "a1b2c3d4e5"), size: TerminalSize(rows: 24, columns: 80))
        #expect(other.row(containing: "after 30 s") == nil)
    }

    @Test("At 120×40 names get more room and the whole failure reason fits")
    func room120x40() throws {
        let buffer = ScreenLayout.render(Fixtures.roomState(), size: TerminalSize(rows: 40, columns: 120))
        #expect(buffer.row(containing: "Bob the builder with a") != nil, "the long name gets more room than at 80 columns")
        #expect(buffer.row(containing: "failed: ICE timed out after 30 s") != nil)
        #expect(buffer.lines[0].contains("█"), "own level meter in the header")
        #expect(buffer.lines[39].contains("x mute peer"))
    }

    @Test("At 40×10 the least useful columns go first; the badge, names and states stay")
    func room40x10() throws {
        let buffer = ScreenLayout.render(Fixtures.roomState(), size: TerminalSize(rows: 10, columns: 40))
        let lines = buffer.lines
        #expect(lines[0].hasPrefix(" LIVE "))
        let header = try #require(buffer.row(containing: "Name"))
        #expect(lines[header].contains("State"))
        #expect(!lines[header].contains("JBuf"))
        #expect(!lines[header].contains("Jit"))
        #expect(!lines[header].contains("Pair"))
        #expect(buffer.row(containing: "alice") != nil)
        #expect(buffer.row(containing: Fixtures.cjkName) != nil)
        #expect(lines[9].contains("? help"), "help hint kept on a narrow line: \(lines[9])")
    }

    @Test("At 1×1 the one cell is the microphone state's first letter")
    func oneByOne() {
        for (mic, letter) in [(MicState.live, "L"), (.muted, "M"), (.deafened, "D")] {
            let buffer = ScreenLayout.render(Fixtures.roomState(Fixtures.room(mic: mic)), size: TerminalSize(rows: 1, columns: 1))
            #expect(buffer.lines == [letter])
        }
    }

    @Test("A question shows even on a one-row terminal")
    func questionOnOneRow() {
        var controller = ScreenController()
        controller.update(room: Fixtures.room())
        _ = controller.handle(.character("q"), now: .now)
        let buffer = ScreenLayout.render(controller.screenState, size: TerminalSize(rows: 1, columns: 30))
        #expect(buffer.lines[0].contains("Leave the call? y/n"))
    }

    @Test("Columns drop in the documented order as the width shrinks, and the name never goes")
    func columnDropOrder() {
        var previous = Set(PeerTableColumns.Kind.allCases)
        var dropped: [PeerTableColumns.Kind] = []
        for width in stride(from: 200, through: 1, by: -1) {
            let layout = PeerTableColumns.fit(width: width)
            let kinds = Set(layout.columns.map(\.kind))
            #expect(kinds.isSubset(of: previous), "a column came back at \(width)")
            #expect(kinds.contains(.name))
            let total = layout.columns.reduce(0) { $0 + $1.width } + max(0, layout.columns.count - 1)
            #expect(total <= width, "columns overflow at width \(width)")
            dropped += PeerTableColumns.Kind.allCases.filter { previous.contains($0) && !kinds.contains($0) }
            previous = kinds
        }
        #expect(dropped == PeerTableColumns.dropOrder)
        #expect(PeerTableColumns.fit(width: 80).columns.count == PeerTableColumns.Kind.allCases.count)
    }

    @Test("Many peers: the selected one scrolls into view")
    func scrolling() throws {
        let peers = (0..<60).map { PeerRow(id: "p\($0)", name: "peer-\($0)", stateText: "connected", stateKind: .ok) }
        let buffer = ScreenLayout.render(Fixtures.roomState(Fixtures.room(peers: peers, events: 10), selected: "p45"), size: TerminalSize(rows: 24, columns: 80))
        let row = try #require(buffer.row(containing: "peer-45 "))
        #expect(buffer.cell(row: row, column: 5)?.style.reverse == true)
        #expect(buffer.row(containing: "Name (60)") != nil)
        #expect(buffer.row(containing: "Events") != nil, "events keep some rows")
    }

    @Test("No peers: a line says so")
    func empty() {
        let buffer = ScreenLayout.render(Fixtures.roomState(Fixtures.room(peers: [], events: 0), selected: nil), size: TerminalSize(rows: 24, columns: 80))
        #expect(buffer.row(containing: "Nobody else is here yet.") != nil)
    }

    @Test("Rooms page: counts right-aligned, selection, the call's room marked, the error shown")
    func roomsPage() throws {
        let rooms = RoomsViewModel(server: "wss://parley.example", rooms: [
            RoomListing(name: "standup", peerCount: 3, maxPeers: 8), RoomListing(name: Fixtures.cjkName, peerCount: 12),
        ], error: "cannot reach the server")
        let state = ScreenState(page: .rooms(rooms, selectedRoom: Fixtures.cjkName, call: CallSummary(room: "standup", micState: .muted)), bottomLine: .hints([]))
        let buffer = ScreenLayout.render(state, size: TerminalSize(rows: 24, columns: 80))
        #expect(buffer.lines[0].hasPrefix(" MUTED "))
        #expect(buffer.row(containing: "cannot reach the server") != nil)
        let standup = try #require(buffer.row(containing: "standup  (in the call)"))
        #expect(buffer.lines[standup].hasSuffix("3/8"))
        let cjk = try #require(buffer.row(containing: Fixtures.cjkName))
        #expect(buffer.lines[cjk].hasSuffix("12"))
        #expect(buffer.lines[cjk].hasPrefix("▶"))
        #expect(buffer.cell(row: cjk, column: 40)?.style.reverse == true)
    }

    @Test("Help lists a key for every action at 80×24, from the bindings in force")
    func help() throws {
        var bindings = KeyBindings.defaults
        bindings.bind(.toggleMute, to: [.function(2)])
        let model = HelpViewModel(bindings: bindings, pushToTalk: .latch)
        let buffer = ScreenLayout.render(ScreenState(page: .help(model, call: nil), bottomLine: .hints([])), size: TerminalSize(rows: 24, columns: 80))
        let text = buffer.lines.joined(separator: "\n")
        for action in UIAction.allCases {
            #expect(text.contains(action.helpText), "help misses \(action)")
        }
        #expect(text.contains("F2"))
        #expect(text.contains("Push-to-talk: space opens"))
        for line in buffer.lines { #expect(!line.contains("…"), "help text cut at 80 columns: \(line)") }
    }

    @Test("The window title carries no control characters from a hostile room name")
    func title() {
        var model = Fixtures.room(mic: .muted)
        model.room = "evil\u{07}\u{1B}]0;x"
        let buffer = ScreenLayout.render(Fixtures.roomState(model), size: TerminalSize(rows: 24, columns: 80))
        let title = buffer.title ?? ""
        #expect(title.hasPrefix("Parley: MUTED · evil"))
        #expect(!title.unicodeScalars.contains { $0.value < 0x20 })
        #expect(Terminal.titleSafe("a\u{07}b\u{1B}c\u{9C}") == "abc")
    }

    @Test("Prompt text keeps its end visible and places the cursor after it")
    func promptCursor() throws {
        let state = ScreenState(page: .rooms(RoomsViewModel(server: "s"), selectedRoom: nil, call: nil),
                                bottomLine: .textInput(label: "New room name:", text: String(repeating: "x", count: 100) + "END"))
        let buffer = ScreenLayout.render(state, size: TerminalSize(rows: 5, columns: 40))
        #expect(buffer.lines[4].hasSuffix("END "))
        let cursor = try #require(buffer.cursor)
        #expect(cursor.row == 4)
        #expect(cursor.column == 39)
    }
}

@Suite("Meter and numbers")
struct MeterTests {
    @Test("The meter maps -60…0 dBFS onto its cells, with eighths, and survives nonsense levels")
    func meter() {
        let glyphs = GlyphSet.unicode
        #expect(LevelMeter.pieces(levelDBFS: -60, width: 10, glyphs: glyphs).allSatisfy { $0.role == .meterEmpty })
        #expect(LevelMeter.pieces(levelDBFS: nil, width: 10, glyphs: glyphs).allSatisfy { $0.role == .meterEmpty })
        #expect(LevelMeter.pieces(levelDBFS: 0, width: 10, glyphs: glyphs).allSatisfy { $0.glyph == "█" })
        let half = LevelMeter.pieces(levelDBFS: -30, width: 10, glyphs: glyphs)
        #expect(half.prefix(5).allSatisfy { $0.glyph == "█" })
        #expect(half.suffix(5).allSatisfy { $0.role == .meterEmpty })
        // -27 dBFS is 55 %: five full cells and a half cell.
        #expect(LevelMeter.pieces(levelDBFS: -27, width: 10, glyphs: glyphs)[5].glyph == "▌")
        let full = LevelMeter.pieces(levelDBFS: 0, width: 10, glyphs: glyphs)
        #expect(full.first?.role == .meterLow)
        #expect(full.last?.role == .meterHigh)
        for level in [Double.nan, .infinity, -.infinity, 1e300, -1e300] {
            #expect(LevelMeter.pieces(levelDBFS: level, width: 7, glyphs: glyphs).count == 7)
        }
        #expect(LevelMeter.pieces(levelDBFS: -30, width: 4, glyphs: .ascii).map(\.glyph).joined() == "##..")
    }

    @Test("Numbers stay short and never trap")
    func numbers() {
        #expect(Formatting.milliseconds(23.4, missing: "-") == "23ms")
        #expect(Formatting.milliseconds(999.4, missing: "-") == "999ms")
        #expect(Formatting.milliseconds(1234, missing: "-") == "1.2s")
        #expect(Formatting.milliseconds(42_000, missing: "-") == "42s")
        #expect(Formatting.milliseconds(1e20, missing: "-") == ">99s")
        #expect(Formatting.milliseconds(.nan, missing: "-") == "-")
        #expect(Formatting.milliseconds(.infinity, missing: "-") == "-")
        #expect(Formatting.milliseconds(-5, missing: "-") == "-")
        #expect(Formatting.percent(0.44, missing: "-") == "0.4%")
        #expect(Formatting.percent(12.6, missing: "-") == "13%")
        #expect(Formatting.percent(250, missing: "-") == "100%")
        #expect(Formatting.percent(-3, missing: "-") == "0.0%")
        #expect(Formatting.percent(.nan, missing: "-") == "-")
        #expect(Formatting.volume(Int.max) == "999%")
        #expect(Formatting.volume(Int.min) == "0%")
    }
}
