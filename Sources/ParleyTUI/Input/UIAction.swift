/// What a key can mean. Bindings map keys to these; the `ScreenController` decides which one a
/// key stands for on the current screen and turns it into `UserIntent`s or screen changes.
public enum UIAction: String, Sendable, Hashable, CaseIterable {
    case toggleMute = "mute"
    case toggleDeafen = "deafen"
    case pushToTalk = "push-to-talk"
    case selectPrevious = "select-previous"
    case selectNext = "select-next"
    case volumeUp = "volume-up"
    case volumeDown = "volume-down"
    case toggleLocalMute = "mute-peer"
    case reconnect = "reconnect"
    case showRooms = "rooms"
    case showHelp = "help"
    case leave = "leave"
    case newRoom = "new-room"
    case enter = "join"
    case back = "back"
    case confirmYes = "yes"
    case confirmNo = "no"
    case redraw = "redraw"

    /// The configuration name, e.g. "mute" or "select-next".
    public var configName: String { rawValue }

    /// What help says the action does.
    public var helpText: String {
        switch self {
        case .toggleMute: "mute / unmute the mic"
        case .toggleDeafen: "deafen / undeafen (mic off)"
        case .pushToTalk: "push to talk"
        case .selectPrevious: "select the previous peer"
        case .selectNext: "select the next peer"
        case .volumeUp: "peer volume up"
        case .volumeDown: "peer volume down"
        case .toggleLocalMute: "mute peer (for you only)"
        case .reconnect: "reconnect all peers"
        case .showRooms: "rooms list / back to call"
        case .showHelp: "this help"
        case .leave: "leave call (asks) / quit"
        case .newRoom: "new room (asks a name)"
        case .enter: "join the selected room"
        case .back: "back to the call / cancel"
        case .confirmYes: "answer yes"
        case .confirmNo: "answer no"
        case .redraw: "redraw the screen"
        }
    }

    /// Actions that can sound on the same screen; a key bound to two of them is a conflict.
    /// Yes/no only sound in a question, where nothing else does, so they may share keys with others.
    var context: Context {
        switch self {
        case .confirmYes, .confirmNo: .question
        case .newRoom, .enter: .roomList
        case .volumeUp, .volumeDown, .toggleLocalMute: .peerTable
        default: .everywhere
        }
    }

    enum Context: Hashable {
        case everywhere
        case roomList
        case peerTable
        case question

        func overlaps(_ other: Context) -> Bool {
            switch (self, other) {
            case (.question, .question): true
            case (.question, _), (_, .question): false
            case (.everywhere, _), (_, .everywhere): true
            default: self == other
            }
        }
    }
}
