/// One audio call with one peer: ICE, DTLS-SRTP and RTP/RTCP composed behind an API shaped
/// like the browser's `RTCPeerConnection`, without I/O.
///
/// The driver owns the UDP socket(s) and the clock. It hands in signalling (descriptions,
/// trickled candidates), its socket addresses, received datagrams and timeouts, each with the
/// current time, and after every call drains `pollTransmit()` and `pollEvent()` until they
/// return nil, then sleeps until `nextDeadline` or the next datagram.
///
/// Not thread-safe and not `Sendable`: one owner drives it (DESIGN.md, "sans-IO").
public final class PeerConnection {
    public enum DescriptionType: Sendable, Hashable {
        case offer
        case answer
    }

    public let configuration: PeerConnectionConfiguration
    /// This ICE generation's credentials; an ICE restart replaces them.
    public internal(set) var localCredentials: ICECredentials
    public let localSSRC: UInt32
    public let cname: String
    public let streamID: String
    public let trackID: String

    /// Offerer or answerer, once known.
    public internal(set) var localDescriptionType: DescriptionType?
    public internal(set) var localDescription: SessionDescription?
    public internal(set) var remoteDescription: SessionDescription?
    /// What offer/answer settled, once both descriptions are known.
    public internal(set) var negotiated: NegotiatedAudio?
    public internal(set) var connectionState: PeerConnectionState = .new
    public internal(set) var statistics = PeerConnectionStatistics()

    var ice: ICEAgent?
    var dtls: DTLSTransport?
    var srtp: SRTPSession?
    var random: ICERandom
    let sessionID: UInt64
    let tieBreaker: UInt64
    var pendingAnswer: SessionDescription?
    /// An offer made after the first exchange, until its answer comes.
    var pendingRenegotiation: PendingRenegotiation?

    /// Addresses and candidates that arrived before the ICE agent or the remote credentials.
    var pendingLocalAddresses: [TransportAddress] = []
    var pendingGatheringFinished = false
    var pendingRemoteCandidates: [ICECandidate.Trickled] = []

    /// The selected pair: send from `local` (a base) to `remote`.
    var route: (local: TransportAddress, remote: TransportAddress)?
    /// Where a DTLS server answers before its own agent has selected a pair: the controlled
    /// side's ClientHello can arrive before the controlling side learns of the nomination.
    var dtlsReturnRoute: (local: TransportAddress, remote: TransportAddress)?

    var sequencer: RTPSequencer
    var sendStatistics: RTPSendStatistics
    var receiveStatistics: RTPReceiveStatistics?
    var hasSentAudio = false
    var nextRTCPAt: ContinuousClock.Instant?

    var failure: PeerConnectionFailure?
    var isClosed = false
    var reportedICEState: ICEConnectionState = .new
    var reportedDTLSState: DTLSTransport.State = .new

    var transmits: [PeerConnectionTransmit] = []
    var events: [PeerConnectionEvent] = []

    /// - Parameter random: draws credentials, SSRC, ids, RTP initial values, ICE transaction
    ///   IDs and RTCP intervals; seed it in tests.
    public init(configuration: PeerConnectionConfiguration,
                random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()) {
        var generator = ICERandom(random)
        self.configuration = configuration
        localCredentials = ICECredentials.random(using: &generator)
        localSSRC = RTPSequencer.randomSSRC(using: &generator)
        cname = Self.randomToken(length: 16, using: &generator)
        streamID = Self.randomUUID(using: &generator)
        trackID = Self.randomUUID(using: &generator)
        // RFC 8829 §5.2.1: the o= session id fits in 63 bits.
        sessionID = generator.next() & UInt64(Int64.max)
        tieBreaker = generator.next()
        sequencer = RTPSequencer(ssrc: localSSRC, payloadType: configuration.opus.payloadType, using: &generator)
        sendStatistics = RTPSendStatistics(ssrc: localSSRC, clockRate: Int(OpusPreferences.clockRate))
        self.random = generator
    }

    // MARK: Output

    /// The next datagram to send from the socket bound to `source`.
    public func pollTransmit() -> PeerConnectionTransmit? {
        transmits.isEmpty ? nil : transmits.removeFirst()
    }

    public func pollEvent() -> PeerConnectionEvent? {
        events.isEmpty ? nil : events.removeFirst()
    }

    /// When to call `handleTimeout(now:)`: the earliest of the ICE, DTLS and RTCP timers.
    public var nextDeadline: ContinuousClock.Instant? {
        guard !isClosed else { return nil }
        // Asked after every datagram and tick: no array for three values.
        var earliest = nextRTCPAt
        if let deadline = ice?.nextDeadline, earliest.map({ deadline < $0 }) ?? true { earliest = deadline }
        if let deadline = dtls?.nextDeadline, earliest.map({ deadline < $0 }) ?? true { earliest = deadline }
        return earliest
    }

    public func handleTimeout(now: ContinuousClock.Instant) {
        guard !isClosed else { return }
        ice?.handleTimeout(now: now)
        if let dtls, let deadline = dtls.nextDeadline, deadline <= now {
            dtls.handleTimeout(now: now)
        }
        if let due = nextRTCPAt, due <= now {
            sendReport(now: now)
            scheduleRTCP(after: now)
        }
        pump(now: now)
    }

    // MARK: State

    public var iceConnectionState: ICEConnectionState { ice?.connectionState ?? .new }
    public var dtlsState: DTLSTransport.State { dtls?.state ?? .new }
    /// The SRTP profile DTLS negotiated, once connected.
    public var srtpProfile: SRTPProtectionProfile? { srtp?.profile }

    /// `sdpMid` and `sdpMLineIndex` of trickled local candidates.
    public var audioMid: String? { negotiated?.mid ?? (localDescriptionType == .offer ? Self.offerMid : nil) }
    public var audioMLineIndex: Int { negotiated?.mLineIndex ?? 0 }

    static let offerMid = "0"
}

/// One datagram for the driver: send `bytes` from the socket bound to `source` to `destination`.
public typealias PeerConnectionTransmit = ICETransmit
