/// Which keys trigger which `UIAction`s. Several keys may share an action; a key may serve
/// actions that never sound on the same screen (e.g. `n`: new room on the rooms list, "no" in
/// a question).
public struct KeyBindings: Sendable, Equatable {
    /// For each action, its keys in the order help lists them.
    public private(set) var keys: [UIAction: [KeyPress]]

    public init(_ keys: [UIAction: [KeyPress]]) {
        self.keys = keys
    }

    public static let defaults = KeyBindings([
        .toggleMute: [.character("m")],
        .toggleDeafen: [.character("d")],
        .pushToTalk: [.space],
        .selectPrevious: [.up, .character("k")],
        .selectNext: [.down, .character("j")],
        .volumeUp: [.character("+"), .character("=")],
        .volumeDown: [.character("-"), .character("_")],
        .toggleLocalMute: [.character("x")],
        .reconnect: [.character("c")],
        .showRooms: [.character("r")],
        .showHelp: [.character("?"), .function(1)],
        .leave: [.character("q")],
        .newRoom: [.character("n")],
        .enter: [.enter],
        .back: [.escape],
        .confirmYes: [.character("y"), .character("Y")],
        .confirmNo: [.character("n"), .character("N"), .escape],
        .redraw: [.control("l")],
    ])

    /// The actions `key` is bound to, in `UIAction` declaration order.
    public func actions(for key: KeyPress) -> [UIAction] {
        UIAction.allCases.filter { keys[$0]?.contains(key) == true }
    }

    public func keys(for action: UIAction) -> [KeyPress] {
        keys[action] ?? []
    }

    /// Replaces the keys of `action`.
    public mutating func bind(_ action: UIAction, to newKeys: [KeyPress]) {
        keys[action] = newKeys
    }

    /// The defaults with some actions rebound from configuration text, e.g.
    /// `["mute": "m, f2", "push-to-talk": "space", "leave": "q ctrl-q"]` (keys separated by commas
    /// or spaces; "comma" names the comma key). Conflicts are errors, not surprises.
    public init(overriding base: KeyBindings = .defaults, with config: [String: String]) throws(KeyBindingError) {
        var bindings = base
        for (name, value) in config.sorted(by: { $0.key < $1.key }) {
            guard let action = UIAction(rawValue: name.lowercased()) else {
                throw .unknownAction(name)
            }
            var parsed: [KeyPress] = []
            for word in value.split(whereSeparator: { $0 == "," || $0 == " " }) where !word.isEmpty {
                do {
                    parsed.append(try KeyPress(parsing: String(word)))
                } catch {
                    throw .badKey(action: name, error)
                }
            }
            bindings.bind(action, to: parsed)
        }
        try bindings.validate()
        self = bindings
    }

    /// Throws when one key triggers two actions that can sound on the same screen.
    public func validate() throws(KeyBindingError) {
        let actions = UIAction.allCases
        for (i, a) in actions.enumerated() {
            for b in actions[(i + 1)...] where a.context.overlaps(b.context) {
                let shared = keys(for: a).filter { keys(for: b).contains($0) }
                if let key = shared.first {
                    throw .conflict(key: key, a, b)
                }
            }
        }
    }
}

public enum KeyBindingError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownAction(String)
    case badKey(action: String, KeyParseError)
    case conflict(key: KeyPress, UIAction, UIAction)

    public var description: String {
        switch self {
        case .unknownAction(let name):
            "unknown key binding action \"\(name)\"; known: "
                + UIAction.allCases.map(\.configName).joined(separator: ", ")
        case .badKey(let action, let error):
            "key binding \"\(action)\": \(error)"
        case .conflict(let key, let a, let b):
            "key \"\(key)\" is bound to both \"\(a.configName)\" and \"\(b.configName)\""
        }
    }
}
