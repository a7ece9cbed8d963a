/// The outcome of an offer/answer exchange for Parley's one audio stream: everything the ICE
/// agent, DTLS, SRTP and RTP layers need from the remote description.
public struct NegotiatedAudio: Sendable, Hashable {
    /// Which end of the DTLS handshake we are (RFC 5763 §5): `client` sends the ClientHello.
    public enum DTLSRole: Sendable, Hashable {
        case client
        case server
    }

    public var mid: String?
    /// Index of the audio section among the m= sections (`sdpMLineIndex` for trickled candidates).
    public var mLineIndex: Int
    public var remoteICEUfrag: String
    public var remoteICEPwd: String
    public var remoteICEOptions: [String]
    public var remoteICELite: Bool
    /// The sha-256 fingerprint the peer's DTLS certificate must match.
    public var remoteFingerprint: SDPFingerprint
    public var dtlsRole: DTLSRole
    /// Payload types are per direction (RFC 3264 §5.1): each side receives on the numbers in
    /// its own description, so we send with the peer's and receive with ours.
    public var sendPayloadType: UInt8
    public var receivePayloadType: UInt8
    public var sendTelephoneEventPayloadType: UInt8?
    public var receiveTelephoneEventPayloadType: UInt8?
    /// The peer's Opus `a=fmtp` (its `useinbandfec`, `maxplaybackrate`, `stereo`…).
    public var remoteOpusParameters: FormatParameters?
    public var remoteSSRCs: [UInt32]
    public var remoteCName: String?
    public var remoteMSID: MediaStreamID?
    /// Every candidate in the remote audio section, TCP and component 2 included: the ICE
    /// agent decides which to use.
    public var remoteCandidates: [ICECandidate]
    public var remoteEndOfCandidates: Bool
    public var remoteSends: Bool
    public var remoteReceives: Bool

    public init(
        mid: String?,
        mLineIndex: Int,
        remoteICEUfrag: String,
        remoteICEPwd: String,
        remoteICEOptions: [String] = [],
        remoteICELite: Bool = false,
        remoteFingerprint: SDPFingerprint,
        dtlsRole: DTLSRole,
        sendPayloadType: UInt8,
        receivePayloadType: UInt8,
        sendTelephoneEventPayloadType: UInt8? = nil,
        receiveTelephoneEventPayloadType: UInt8? = nil,
        remoteOpusParameters: FormatParameters? = nil,
        remoteSSRCs: [UInt32] = [],
        remoteCName: String? = nil,
        remoteMSID: MediaStreamID? = nil,
        remoteCandidates: [ICECandidate] = [],
        remoteEndOfCandidates: Bool = false,
        remoteSends: Bool,
        remoteReceives: Bool
    ) {
        self.mid = mid
        self.mLineIndex = mLineIndex
        self.remoteICEUfrag = remoteICEUfrag
        self.remoteICEPwd = remoteICEPwd
        self.remoteICEOptions = remoteICEOptions
        self.remoteICELite = remoteICELite
        self.remoteFingerprint = remoteFingerprint
        self.dtlsRole = dtlsRole
        self.sendPayloadType = sendPayloadType
        self.receivePayloadType = receivePayloadType
        self.sendTelephoneEventPayloadType = sendTelephoneEventPayloadType
        self.receiveTelephoneEventPayloadType = receiveTelephoneEventPayloadType
        self.remoteOpusParameters = remoteOpusParameters
        self.remoteSSRCs = remoteSSRCs
        self.remoteCName = remoteCName
        self.remoteMSID = remoteMSID
        self.remoteCandidates = remoteCandidates
        self.remoteEndOfCandidates = remoteEndOfCandidates
        self.remoteSends = remoteSends
        self.remoteReceives = remoteReceives
    }
}
