import CNcursesw

/// How each `StyleRole` looks: colours where the terminal has them and the user did not ask for
/// none (NO_COLOR), attributes only otherwise. In monochrome the words carry the meaning
/// (LIVE/MUTED, "failed: …") and attributes add emphasis.
struct Palette {
    enum Color: Int16 {
        case terminalDefault = -1
        case black = 0
        case red = 1
        case green = 2
        case yellow = 3
        case blue = 4
        case magenta = 5
        case cyan = 6
        case white = 7
    }

    struct Attributes: OptionSet, Hashable {
        let rawValue: UInt8
        static let bold = Attributes(rawValue: 1)
        static let dim = Attributes(rawValue: 2)
        static let reverse = Attributes(rawValue: 4)
        static let underline = Attributes(rawValue: 8)
    }

    struct Look: Equatable {
        var foreground: Color
        var background: Color
        var attributes: Attributes

        init(_ foreground: Color = .terminalDefault, _ background: Color = .terminalDefault, _ attributes: Attributes = []) {
            self.foreground = foreground
            self.background = background
            self.attributes = attributes
        }

        var hasColor: Bool { foreground != .terminalDefault || background != .terminalDefault }
    }

    let usesColor: Bool

    func look(_ role: StyleRole) -> Look {
        usesColor ? Self.colorLook(role) : Self.monochromeLook(role)
    }

    static func colorLook(_ role: StyleRole) -> Look {
        switch role {
        case .normal: Look()
        case .dim: Look(.terminalDefault, .terminalDefault, .dim)
        case .title: Look(.terminalDefault, .terminalDefault, .bold)
        case .micLive: Look(.black, .green, .bold)
        case .micMuted: Look(.white, .red, .bold)
        case .micDeafened: Look(.white, .magenta, .bold)
        case .micPushToTalkIdle: Look(.black, .yellow, .bold)
        case .micListenOnly: Look(.black, .cyan, .bold)
        case .tableHeader: Look(.cyan, .terminalDefault, .bold)
        case .stateProgress: Look(.yellow)
        case .stateOK: Look(.green)
        case .stateFailed: Look(.red, .terminalDefault, .bold)
        case .meterLow: Look(.green)
        case .meterMid: Look(.yellow)
        case .meterHigh: Look(.red, .terminalDefault, .bold)
        case .meterEmpty: Look(.terminalDefault, .terminalDefault, .dim)
        case .speaking: Look(.green, .terminalDefault, .bold)
        case .locallyMuted: Look(.red)
        case .relay: Look(.yellow)
        case .eventJoin: Look(.green)
        case .eventLeave: Look(.cyan)
        case .eventWarning: Look(.yellow)
        case .eventError: Look(.red, .terminalDefault, .bold)
        case .notice: Look(.yellow, .terminalDefault, .bold)
        case .link: Look(.cyan, .terminalDefault, .underline)
        case .status: Look(.yellow, .terminalDefault, .bold)
        case .error: Look(.red, .terminalDefault, .bold)
        case .prompt: Look(.terminalDefault, .terminalDefault, [.reverse, .bold])
        case .hintKey: Look(.cyan, .terminalDefault, .bold)
        }
    }

    static func monochromeLook(_ role: StyleRole) -> Look {
        switch role {
        case .normal, .stateProgress, .stateOK, .meterLow, .meterMid, .relay, .eventJoin, .eventLeave: Look()
        case .dim, .meterEmpty: Look(.terminalDefault, .terminalDefault, .dim)
        case .title, .stateFailed, .meterHigh, .speaking, .eventWarning, .eventError, .notice, .status, .error, .hintKey:
            Look(.terminalDefault, .terminalDefault, .bold)
        case .micLive, .micPushToTalkIdle, .micListenOnly, .prompt: Look(.terminalDefault, .terminalDefault, [.reverse, .bold])
        case .micMuted, .micDeafened: Look(.terminalDefault, .terminalDefault, [.reverse, .bold, .underline])
        case .tableHeader, .link, .locallyMuted: Look(.terminalDefault, .terminalDefault, .underline)
        }
    }

    /// The colour pair number of a role (pair 0 is the terminal's default colours).
    static func pairNumber(_ role: StyleRole) -> Int16 {
        Int16(role.rawValue) + 1
    }

    /// Declares the pairs to ncurses (after start_color and use_default_colors).
    func installPairs() {
        guard usesColor else { return }
        for role in StyleRole.allCases {
            let look = Self.colorLook(role)
            if look.hasColor {
                init_pair(Self.pairNumber(role), look.foreground.rawValue, look.background.rawValue)
            }
        }
    }

    /// The ncurses attributes and pair for a cell style.
    func curses(_ style: CellStyle) -> (attributes: UInt32, pair: Int16) {
        let look = look(style.role)
        var attributes = parley_a_normal()
        if look.attributes.contains(.bold) { attributes |= UInt32(bitPattern: parley_a_bold()) }
        if look.attributes.contains(.dim) { attributes |= UInt32(bitPattern: parley_a_dim()) }
        if look.attributes.contains(.underline) { attributes |= UInt32(bitPattern: parley_a_underline()) }
        if look.attributes.contains(.reverse) != style.reverse { attributes |= UInt32(bitPattern: parley_a_reverse()) }
        let pair = usesColor && look.hasColor ? Self.pairNumber(style.role) : 0
        return (attributes, pair)
    }
}
