/// What Parley puts in its own offers and answers. ICE credentials, the certificate
/// fingerprint, SSRC and ids are generated elsewhere (the ICE agent, DTLS, the session) and
/// passed in, so that descriptions are a pure function of their inputs.
public struct JSEPLocalParameters: Sendable, Hashable {
    public var iceUfrag: String
    public var icePwd: String
    /// sha-256 digest of our DTLS certificate.
    public var fingerprint: SDPFingerprint
    public var ssrc: UInt32
    public var cname: String
    /// `a=msid` stream id; browsers put it in `RTCTrackEvent.streams`.
    public var streamID: String
    public var trackID: String
    public var opus: OpusPreferences
    public var sends: Bool
    public var receives: Bool
    /// `o=` session id: random, at most 63 bits (RFC 8829 §5.2.1).
    public var sessionID: UInt64
    /// `o=` session version: +1 on every new description of the session.
    public var sessionVersion: UInt64
    /// Candidates to write into the description; empty with trickle ICE, which Parley always does.
    public var candidates: [ICECandidate]
    public var endOfCandidates: Bool

    public init(
        iceUfrag: String,
        icePwd: String,
        fingerprint: SDPFingerprint,
        ssrc: UInt32,
        cname: String,
        streamID: String,
        trackID: String,
        opus: OpusPreferences = OpusPreferences(),
        sends: Bool = true,
        receives: Bool = true,
        sessionID: UInt64,
        sessionVersion: UInt64 = 1,
        candidates: [ICECandidate] = [],
        endOfCandidates: Bool = false
    ) {
        self.iceUfrag = iceUfrag
        self.icePwd = icePwd
        self.fingerprint = fingerprint
        self.ssrc = ssrc
        self.cname = cname
        self.streamID = streamID
        self.trackID = trackID
        self.opus = opus
        self.sends = sends
        self.receives = receives
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.candidates = candidates
        self.endOfCandidates = endOfCandidates
    }

    /// Refuses what would make our own description invalid or unparsable for a browser.
    func validate() throws(SDPError) {
        try JSEPValidation.checkICECredentials(ufrag: iceUfrag, pwd: icePwd)
        guard SDPText.isICEChars(iceUfrag + icePwd) else {
            throw .invalidLocalParameter("ice-ufrag and ice-pwd must be ice-chars (A-Z a-z 0-9 + /)")
        }
        guard fingerprint.hashFunction == SDPFingerprint.sha256 else {
            throw .unsupportedFingerprintHash(found: [fingerprint.hashFunction])
        }
        guard fingerprint.isValidSHA256 else {
            throw .malformedFingerprint(fingerprint.attributeValue)
        }
        for (name, value) in [("cname", cname), ("stream id", streamID), ("track id", trackID)] {
            guard SDPText.isToken(value) else {
                throw .invalidLocalParameter("\(name) must be a non-empty token without spaces: \(SDPText.excerpt(value))")
            }
        }
        guard sessionID <= UInt64(Int64.max) else {
            throw .invalidLocalParameter("session id must fit in 63 bits")
        }
        guard opus.payloadType >= 96, opus.payloadType <= 127,
              opus.telephoneEventPayloadType >= 96, opus.telephoneEventPayloadType <= 127,
              opus.payloadType != opus.telephoneEventPayloadType
        else {
            throw .invalidLocalParameter("payload types must be distinct and dynamic (96-127)")
        }
    }
}
