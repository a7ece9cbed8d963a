import ParleyRTC

/// What the media side of a call tells the Orchestrator, per remote peer.
public enum MediaEvent: Sendable, Hashable {
    /// A local candidate (or, with `candidate` nil, end-of-candidates) to trickle to `peer`.
    case localCandidate(peer: String, candidate: LocalCandidateSignal)
    case connectionStateChanged(peer: String, PeerConnectionState)
    case iceConnectionStateChanged(peer: String, ICEConnectionState)
    /// The first audio packet from `peer` arrived (decrypted, valid Opus) at `arrival`.
    case firstAudio(peer: String, arrival: ContinuousClock.Instant)
}

/// A candidate as `RTCIceCandidate.toJSON()` carries it (PROTOCOL.md, `candidate` data).
public struct LocalCandidateSignal: Sendable, Hashable {
    /// `candidate:…`, or empty for end-of-candidates (as Firefox sends it).
    public var candidate: String
    public var sdpMid: String?
    public var sdpMLineIndex: Int
    public var usernameFragment: String
}
