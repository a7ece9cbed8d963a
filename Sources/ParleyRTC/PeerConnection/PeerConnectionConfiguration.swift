/// What a `PeerConnection` is made with: everything it cannot generate itself and the choices a
/// caller may want to change. Credentials, SSRC, CNAME and msid ids are drawn at random by the
/// connection.
public struct PeerConnectionConfiguration: Sendable {
    /// The local DTLS certificate; one may serve every connection of the process.
    public var certificate: DTLSCertificate
    /// Pairs the caller's monotonic clock with wall-clock time, for NTP timestamps in sender
    /// reports (RFC 3550 §6.4.1) and RTT from report blocks. The core reads no clock.
    public var wallClock: WallClockReference
    public var opus: OpusPreferences
    public var sends: Bool
    public var receives: Bool
    /// STUN servers for server-reflexive candidates. Never a public one by default.
    public var stunServers: [TransportAddress]
    /// Mean RTCP report interval; each interval is randomised to 0.5–1.5 times this
    /// (RFC 3550 §6.3.1). RFC 4585 §3.4 lifts RFC 3550's 5 s minimum for AVPF sessions, which
    /// WebRTC's `UDP/TLS/RTP/SAVPF` is, and browsers report about once a second.
    public var rtcpInterval: Duration
    public var dtlsMTU: Int

    public static let defaultRTCPInterval: Duration = .seconds(1)

    public init(
        certificate: DTLSCertificate,
        wallClock: WallClockReference,
        opus: OpusPreferences = OpusPreferences(),
        sends: Bool = true,
        receives: Bool = true,
        stunServers: [TransportAddress] = [],
        rtcpInterval: Duration = defaultRTCPInterval,
        dtlsMTU: Int = DTLSTransport.defaultMTU
    ) {
        self.certificate = certificate
        self.wallClock = wallClock
        self.opus = opus
        self.sends = sends
        self.receives = receives
        self.stunServers = stunServers
        self.rtcpInterval = rtcpInterval
        self.dtlsMTU = dtlsMTU
    }
}

/// One instant of the caller's monotonic clock and the wall-clock time (seconds since 1970) it
/// was read at; wall-clock time at any other instant is derived from them, so that NTP time
/// advances with the same clock as everything else (virtual in tests).
public struct WallClockReference: Sendable, Hashable {
    public var instant: ContinuousClock.Instant
    public var secondsSince1970: Double

    public init(instant: ContinuousClock.Instant, secondsSince1970: Double) {
        self.instant = instant
        self.secondsSince1970 = secondsSince1970
    }

    /// Seconds since `instant` on the monotonic clock; negative before it.
    public func monotonicSeconds(at now: ContinuousClock.Instant) -> Double {
        let (seconds, attoseconds) = (now - instant).components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    public func secondsSince1970(at now: ContinuousClock.Instant) -> Double {
        secondsSince1970 + monotonicSeconds(at: now)
    }
}
