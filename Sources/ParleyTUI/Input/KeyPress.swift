/// One key as the terminal reports it. Terminals report presses (and autorepeats), never releases.
public enum KeyPress: Sendable, Hashable {
    /// A printable character, including " ".
    case character(Character)
    /// Control plus a key, named by the lower-case letter or symbol: ctrl-c is `.control("c")`.
    case control(Character)
    case enter
    case escape
    case tab
    case backTab
    case backspace
    case delete
    case insert
    case up
    case down
    case left
    case right
    case home
    case end
    case pageUp
    case pageDown
    /// F1…F63.
    case function(Int)
    /// The terminal changed size.
    case resize

    public static let space = KeyPress.character(" ")
}

extension KeyPress: CustomStringConvertible {
    /// The name help shows and `KeyPress(parsing:)` accepts back.
    public var description: String {
        switch self {
        case .character(" "): "space"
        case .character(","): "comma"
        case .character(let c): String(c)
        case .control(let c): "ctrl-\(c)"
        case .enter: "enter"
        case .escape: "esc"
        case .tab: "tab"
        case .backTab: "shift-tab"
        case .backspace: "backspace"
        case .delete: "delete"
        case .insert: "insert"
        case .up: "up"
        case .down: "down"
        case .left: "left"
        case .right: "right"
        case .home: "home"
        case .end: "end"
        case .pageUp: "pageup"
        case .pageDown: "pagedown"
        case .function(let n): "f\(n)"
        case .resize: "resize"
        }
    }

    /// A shorter form for the help screen and the hint line (arrows as arrows).
    public var displayName: String {
        switch self {
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .enter: "Enter"
        case .escape: "Esc"
        case .function(let n): "F\(n)"
        case .control(let c): "Ctrl-\(String(c).uppercased())"
        default: description
        }
    }
}

/// Why a key name in a configuration could not be read.
public enum KeyParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownKey(String)

    public var description: String {
        switch self {
        case .unknownKey(let name):
            "unknown key \"\(name)\": use a character (m, ?, +), a name (space, enter, esc, tab, "
                + "backspace, delete, up, down, left, right, home, end, pageup, pagedown, f1…f12, comma) "
                + "or ctrl-<letter>"
        }
    }
}

extension KeyPress {
    /// Reads a key name from a configuration: "m", "M", "?", "space", "up", "ctrl-c", "C-c", "^C", "f5".
    public init(parsing text: String) throws(KeyParseError) {
        let trimmed = text.trimmingWhitespace
        if trimmed.count == 1, let c = trimmed.first, c.isPrintableKey {
            self = .character(c)
            return
        }
        let lower = trimmed.lowercased()
        if let named = Self.named[lower] {
            self = named
            return
        }
        for prefix in ["ctrl-", "ctrl+", "control-", "c-", "^"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            if rest.count == 1, let c = rest.first, c.isASCII, c.isLetter || "@[\\]^_".contains(c) {
                self = .control(c)
                return
            }
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...63).contains(n) {
            self = .function(n)
            return
        }
        throw .unknownKey(text)
    }

    private static let named: [String: KeyPress] = [
        "space": .space, "spc": .space,
        "comma": .character(","),
        "enter": .enter, "return": .enter, "ret": .enter,
        "esc": .escape, "escape": .escape,
        "tab": .tab, "shift-tab": .backTab, "backtab": .backTab,
        "backspace": .backspace, "bs": .backspace,
        "delete": .delete, "del": .delete,
        "insert": .insert, "ins": .insert,
        "up": .up, "down": .down, "left": .left, "right": .right,
        "home": .home, "end": .end,
        "pageup": .pageUp, "pgup": .pageUp, "pagedown": .pageDown, "pgdn": .pageDown,
        "plus": .character("+"), "minus": .character("-"),
    ]
}

extension Character {
    /// Printable as a key of its own: not a control, not a line break.
    var isPrintableKey: Bool {
        !unicodeScalars.contains { $0.properties.generalCategory == .control } && !isNewline
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
