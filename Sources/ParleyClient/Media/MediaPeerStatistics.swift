import ParleyRTC

/// One remote peer's media, as a screen or a stats file shows it.
public struct MediaPeerStatistics: Sendable, Hashable {
    public var connectionState: PeerConnectionState = .new
    public var iceConnectionState: ICEConnectionState = .new
    /// host / srflx / prflx / relay of the selected pair, once there is one.
    public var localCandidateType: String?
    public var remoteCandidateType: String?
    public var roundTripTimeMilliseconds: Double?
    /// Interarrival jitter of what we receive (RFC 3550 §6.4.1), milliseconds.
    public var jitterMilliseconds: Double = 0
    /// Share of the peer's packets lost on the way to us, 0–100, over the whole call.
    public var lossPercent: Double = 0
    public var packetsSent = 0
    public var packetsReceived = 0
    public var bytesSent = 0
    public var bytesReceived = 0
    public var jitterBufferDelayMilliseconds: Double = 0
    /// The delay the jitter buffer is steering towards.
    public var jitterBufferTargetMilliseconds: Double = 0
    public var concealedMilliseconds: Double = 0
    public var forwardErrorCorrectionRecoveredPackets = 0
    /// Level of the peer's decoded audio, dBFS (−100 for silence).
    public var levelDBFS: Double = -100
    public var speaking = false
    public var gainPercent = 100
    public var locallyMuted = false
    /// From creating the connection to its first audio packet.
    public var timeToFirstAudio: Duration?
    public var srtpAuthenticationFailures = 0
    public var srtpReplaysDropped = 0

    public init() {}
}
