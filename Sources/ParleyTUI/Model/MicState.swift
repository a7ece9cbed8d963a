/// What the local microphone is doing, as the header badge and the terminal title show it.
public enum MicState: Sendable, Equatable, Hashable {
    /// The microphone is sending.
    case live
    /// The user muted the microphone.
    case muted
    /// Nothing is played and the microphone is muted.
    case deafened
    /// Push-to-talk mode with the key not held: the microphone is closed.
    case pushToTalkIdle
    /// Push-to-talk mode with the key held (or latched): the microphone is sending.
    case pushToTalkOpen
    /// The call has no capture device (listen-only).
    case listenOnly

    /// The word the badge and the title use; short and upper-case so it cannot be missed.
    public var label: String {
        switch self {
        case .live: "LIVE"
        case .muted: "MUTED"
        case .deafened: "DEAFENED"
        case .pushToTalkIdle: "PTT MUTED"
        case .pushToTalkOpen: "PTT LIVE"
        case .listenOnly: "NO MIC"
        }
    }

    /// Whether the microphone is sending audio to the peers.
    public var isSending: Bool {
        self == .live || self == .pushToTalkOpen
    }
}
