import Testing
@testable import ParleyTUI

@Suite("Key bindings")
struct KeyBindingsTests {
    @Test("Key names from a configuration", arguments: [
        ("m", KeyPress.character("m")), ("M", .character("M")), ("?", .character("?")), ("+", .character("+")),
        ("space", .space), ("SPACE", .space), ("enter", .enter), ("Return", .enter), ("esc", .escape),
        ("up", .up), ("down", .down), ("pgdn", .pageDown), ("ctrl-c", .control("c")), ("C-x", .control("x")),
        ("^L", .control("l")), ("Ctrl+Q", .control("q")), ("f1", .function(1)), ("F12", .function(12)),
        ("comma", .character(",")), ("  j  ", .character("j")), ("ö", .character("ö")),
    ])
    func parse(name: String, key: KeyPress) throws {
        #expect(try KeyPress(parsing: name) == key)
    }

    @Test("Unknown names are errors that say what is accepted", arguments: ["", "ctrl-", "ctrl-1", "f0", "f99", "hyper-k", "mm", "\u{1B}"])
    func parseErrors(name: String) {
        #expect(throws: KeyParseError.unknownKey(name)) { try KeyPress(parsing: name) }
        #expect(KeyParseError.unknownKey(name).description.contains("ctrl-<letter>"))
    }

    @Test("Every key's name parses back to the same key")
    func roundTrip() throws {
        let keys: [KeyPress] = [.space, .character(","), .character("x"), .control("c"), .enter, .escape, .tab, .backTab,
                                .backspace, .delete, .insert, .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .function(7)]
        for key in keys {
            #expect(try KeyPress(parsing: key.description) == key)
        }
    }

    @Test("The defaults have no conflicts and match the issue's keys")
    func defaults() throws {
        try KeyBindings.defaults.validate()
        let b = KeyBindings.defaults
        #expect(b.actions(for: .character("m")) == [.toggleMute])
        #expect(b.actions(for: .character("d")) == [.toggleDeafen])
        #expect(b.actions(for: .up) == [.selectPrevious])
        #expect(b.actions(for: .character("k")) == [.selectPrevious])
        #expect(b.actions(for: .character("j")) == [.selectNext])
        #expect(b.actions(for: .character("+")) == [.volumeUp])
        #expect(b.actions(for: .character("-")) == [.volumeDown])
        #expect(b.actions(for: .character("x")) == [.toggleLocalMute])
        #expect(b.actions(for: .character("r")) == [.showRooms])
        #expect(b.actions(for: .character("?")) == [.showHelp])
        #expect(b.actions(for: .character("q")) == [.leave])
        #expect(b.actions(for: .space) == [.pushToTalk])
        // "n" is a new room on the rooms list and "no" in a question.
        #expect(b.actions(for: .character("n")) == [.newRoom, .confirmNo])
    }

    @Test("Overrides from configuration replace an action's keys")
    func overrides() throws {
        let b = try KeyBindings(with: ["mute": "f2, M", "push-to-talk": "t", "leave": "q ctrl-q"])
        #expect(b.keys(for: .toggleMute) == [.function(2), .character("M")])
        #expect(b.actions(for: .character("m")) == [])
        #expect(b.actions(for: .character("t")) == [.pushToTalk])
        #expect(b.keys(for: .leave) == [.character("q"), .control("q")])
    }

    @Test("A key on two actions of the same screen is refused")
    func conflicts() {
        #expect(throws: KeyBindingError.conflict(key: .character("m"), .toggleMute, .toggleDeafen)) {
            try KeyBindings(with: ["deafen": "m"])
        }
        // Volume keys and the rooms list's "join" never sound together: allowed.
        #expect(throws: Never.self) { try KeyBindings(with: ["join": "enter +"]) }
        #expect(throws: KeyBindingError.unknownAction("explode")) { try KeyBindings(with: ["explode": "e"]) }
        #expect(throws: KeyBindingError.badKey(action: "mute", .unknownKey("hyper-m"))) { try KeyBindings(with: ["mute": "hyper-m"]) }
    }
}

@Suite("Key decoding")
struct KeyDecoderTests {
    @Test("wget_wch results become keys")
    func decode() {
        let ok = Int32(0)
        let functionKey = Int32(0o400)
        #expect(KeyDecoder.decode(status: ok, code: UInt32(UInt8(ascii: "m"))) == .character("m"))
        #expect(KeyDecoder.decode(status: ok, code: 0x5C71) == .character("山"))
        #expect(KeyDecoder.decode(status: ok, code: 3) == .control("c"))
        #expect(KeyDecoder.decode(status: ok, code: 12) == .control("l"))
        #expect(KeyDecoder.decode(status: ok, code: 13) == .enter)
        #expect(KeyDecoder.decode(status: ok, code: 10) == .enter)
        #expect(KeyDecoder.decode(status: ok, code: 27) == .escape)
        #expect(KeyDecoder.decode(status: ok, code: 127) == .backspace)
        #expect(KeyDecoder.decode(status: ok, code: 32) == .space)
        #expect(KeyDecoder.decode(status: ok, code: 0x9B) == nil)
        #expect(KeyDecoder.decode(status: ok, code: 0xD800) == nil)
        // KEY_UP 0403, KEY_F(5) 0415, KEY_RESIZE 0632 in ncurses' curses.h.
        #expect(KeyDecoder.decode(status: functionKey, code: 0o403) == .up)
        #expect(KeyDecoder.decode(status: functionKey, code: 0o402) == .down)
        #expect(KeyDecoder.decode(status: functionKey, code: 0o415) == .function(5))
        #expect(KeyDecoder.decode(status: functionKey, code: 0o632) == .resize)
        #expect(KeyDecoder.decode(status: functionKey, code: 0o777) == nil)
        #expect(KeyDecoder.decode(status: -1, code: 0) == nil)
    }
}
