/// Everything the room screen shows about the call, as plain values.
///
/// The selected peer is not here: selection is screen state that the keys move, so the
/// `ScreenController` keeps it (by peer id, so it survives reordering and updates).
public struct RoomViewModel: Sendable, Equatable {
    public var room: String
    /// The signaling server as the user would recognise it, e.g. "wss://example.org:8443".
    public var server: String
    public var selfName: String
    public var micState: MicState
    /// The local capture level in dBFS; nil when nothing is captured.
    public var selfLevelDBFS: Double?
    public var selfSpeaking: Bool
    /// A link a browser user can open to join the same room.
    public var browserLink: String?
    /// Set when the audio devices are not where the user sits (e.g. over SSH), saying whose and
    /// which they are, e.g. "Audio devices are on host build-7 (ssh): capture default, playback default".
    public var remoteHostNotice: String?
    public var peers: [PeerRow]
    /// Oldest first; the screen shows the newest that fit.
    public var events: [EventLogLine]
    /// A line about the call as a whole, e.g. "reconnecting to the server…"; nil when there is none.
    public var status: String?

    public init(
        room: String,
        server: String,
        selfName: String,
        micState: MicState,
        selfLevelDBFS: Double? = nil,
        selfSpeaking: Bool = false,
        browserLink: String? = nil,
        remoteHostNotice: String? = nil,
        peers: [PeerRow] = [],
        events: [EventLogLine] = [],
        status: String? = nil
    ) {
        self.room = room
        self.server = server
        self.selfName = selfName
        self.micState = micState
        self.selfLevelDBFS = selfLevelDBFS
        self.selfSpeaking = selfSpeaking
        self.browserLink = browserLink
        self.remoteHostNotice = remoteHostNotice
        self.peers = peers
        self.events = events
        self.status = status
    }
}
