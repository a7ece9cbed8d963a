/// What a `PeerConnection` reports to its driver, drained with `pollEvent()`.
public enum PeerConnectionEvent: Sendable, Hashable {
    /// A local candidate to trickle to the peer, for the audio section
    /// (`PeerConnection.audioMid`, `audioMLineIndex`).
    case localCandidate(ICECandidate)
    /// Signal end-of-candidates to the peer.
    case gatheringComplete
    case iceConnectionStateChanged(ICEConnectionState)
    /// Media goes over this pair from now on.
    case selectedCandidatePairChanged(local: ICELocalCandidate, remote: ICERemoteCandidate)
    case dtlsStateChanged(DTLSTransport.State)
    case connectionStateChanged(PeerConnectionState)
    /// The first RTP packet of a new remote source arrived.
    case remoteSSRC(UInt32)
    /// One Opus payload from the peer, padding removed; never empty.
    case audio(PeerConnectionAudio)
    /// The peer reported on our stream in an SR or RR (RFC 3550 §6.4).
    case receptionReport(PeerConnectionReceptionReport)
    /// The peer's source left (RTCP BYE, RFC 3550 §6.6).
    case remoteGoodbye(ssrc: UInt32, reason: String?)
}

/// A received audio payload and where it sits in the stream; a jitter buffer orders and
/// times playback from `sequenceNumber` and `timestamp`.
public struct PeerConnectionAudio: Sendable, Hashable {
    public var payload: [UInt8]
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    public var marker: Bool
    public var arrival: ContinuousClock.Instant

    public init(payload: [UInt8], sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32, marker: Bool,
                arrival: ContinuousClock.Instant) {
        self.payload = payload
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.marker = marker
        self.arrival = arrival
    }
}

/// The peer's report block about our stream, with the round-trip time it yields.
public struct PeerConnectionReceptionReport: Sendable, Hashable {
    public var block: RTCPReportBlock
    /// Seconds, from LSR and DLSR (RFC 3550 §6.4.1); nil before the peer had one of our SRs.
    public var roundTripTime: Double?

    /// The peer's loss fraction for the last interval, 0 to 1.
    public var fractionLost: Double { Double(block.fractionLost) / 256 }

    public init(block: RTCPReportBlock, roundTripTime: Double?) {
        self.block = block
        self.roundTripTime = roundTripTime
    }
}
