/// How a peer's connection state reads at a glance; it picks the colour of the state column.
public enum ConnectionKind: Sendable, Equatable, Hashable {
    /// On the way (signaling, gathering, checking, DTLS handshake...).
    case progress
    /// Connected and carrying media.
    case ok
    /// Failed or closed; the state text should say why.
    case failed
}

/// The ICE candidate types of RFC 8445 §5.1.1, as the selected pair shows them.
public enum CandidateType: String, Sendable, Equatable, Hashable, CaseIterable {
    case host
    case srflx
    case prflx
    case relay

    /// The less direct of a pair's two candidate types, which is the one that says how media flows
    /// (a pair with a relay on either side is relayed).
    public static func lessDirect(_ a: CandidateType, _ b: CandidateType) -> CandidateType {
        a.directnessRank >= b.directnessRank ? a : b
    }

    private var directnessRank: Int {
        switch self {
        case .host: 0
        case .srflx: 1
        case .prflx: 2
        case .relay: 3
        }
    }
}

/// One remote peer as the room screen shows it. Every field is already in display units.
public struct PeerRow: Sendable, Equatable, Identifiable {
    /// The peer's id in the room (stable across updates; selection follows it).
    public var id: String
    /// The name the peer chose. Untrusted: the layout strips control characters.
    public var name: String
    /// A few characters of the id that tell two peers of the same name apart.
    public var shortID: String
    /// The connection state in words, e.g. "checking" or "failed: ICE timed out".
    public var stateText: String
    public var stateKind: ConnectionKind
    /// The type of the selected candidate pair, once there is one.
    public var pairType: CandidateType?
    public var rttMs: Double?
    public var jitterMs: Double?
    public var lossPercent: Double?
    /// The jitter buffer's current delay.
    public var jitterBufferMs: Double?
    /// The level of the peer's audio in dBFS (0 is full scale); nil when no audio arrives.
    public var levelDBFS: Double?
    public var speaking: Bool
    /// The local playback volume for this peer, 100 being unchanged.
    public var volumePercent: Int
    /// Whether this peer is muted here (not for the others).
    public var locallyMuted: Bool

    public init(
        id: String,
        name: String,
        shortID: String? = nil,
        stateText: String,
        stateKind: ConnectionKind,
        pairType: CandidateType? = nil,
        rttMs: Double? = nil,
        jitterMs: Double? = nil,
        lossPercent: Double? = nil,
        jitterBufferMs: Double? = nil,
        levelDBFS: Double? = nil,
        speaking: Bool = false,
        volumePercent: Int = 100,
        locallyMuted: Bool = false
    ) {
        self.id = id
        self.name = name
        self.shortID = shortID ?? String(id.prefix(6))
        self.stateText = stateText
        self.stateKind = stateKind
        self.pairType = pairType
        self.rttMs = rttMs
        self.jitterMs = jitterMs
        self.lossPercent = lossPercent
        self.jitterBufferMs = jitterBufferMs
        self.levelDBFS = levelDBFS
        self.speaking = speaking
        self.volumePercent = volumePercent
        self.locallyMuted = locallyMuted
    }
}
