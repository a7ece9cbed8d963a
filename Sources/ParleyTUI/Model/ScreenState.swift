/// The call as screens other than the room show it (a badge in the header).
public struct CallSummary: Sendable, Equatable {
    public var room: String
    public var micState: MicState

    public init(room: String, micState: MicState) {
        self.room = room
        self.micState = micState
    }
}

/// One "key label" pair on the bottom line.
public struct KeyHint: Sendable, Equatable {
    public var key: String
    public var label: String
    /// Lower is more important: when the line is too narrow, hints go from the highest number.
    public var priority: Int

    public init(key: String, label: String, priority: Int) {
        self.key = key
        self.label = label
        self.priority = priority
    }
}

/// The last row of the screen.
public enum BottomLine: Sendable, Equatable {
    /// The keys that matter on this screen.
    case hints([KeyHint])
    /// A short message after a key (e.g. why a room name was refused).
    case message(String, isError: Bool)
    /// A yes/no question such as "Leave the call? y/n".
    case question(String)
    /// A text being typed, e.g. a new room's name.
    case textInput(label: String, text: String)
}

/// Everything one frame shows: the caller's view models plus the screen's own state
/// (page, selection, prompt). The `ScreenController` composes it; the layout draws it.
public struct ScreenState: Sendable, Equatable {
    public enum Page: Sendable, Equatable {
        case room(RoomViewModel, selectedPeerID: String?)
        case rooms(RoomsViewModel, selectedRoom: String?, call: CallSummary?)
        case help(HelpViewModel, call: CallSummary?)
    }

    public var page: Page
    public var bottomLine: BottomLine

    public init(page: Page, bottomLine: BottomLine) {
        self.page = page
        self.bottomLine = bottomLine
    }
}
