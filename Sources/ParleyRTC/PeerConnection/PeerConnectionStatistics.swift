/// A snapshot in the spirit of `getStats()`: outbound-rtp, inbound-rtp, remote-inbound-rtp and
/// the selected candidate pair.
public struct PeerConnectionStatistics: Sendable, Hashable {
    public var packetsSent = 0
    /// Payload octets (RTP headers excluded), as RTCP's sender octet count.
    public var bytesSent = 0
    /// Every RTP packet that passed SRTP, padding-only probes included.
    public var packetsReceived = 0
    public var bytesReceived = 0
    public var paddingOnlyPacketsReceived = 0
    /// Cumulative loss of the remote stream as we count it (RFC 3550 A.3).
    public var packetsLost = 0
    /// The fraction lost we put in our latest report block, 0 to 1.
    public var fractionLost = 0.0
    /// Interarrival jitter of the remote stream, seconds (RFC 3550 A.8).
    public var jitter = 0.0
    public var rtcpPacketsSent = 0
    public var rtcpPacketsReceived = 0
    /// Datagrams dropped: unknown first byte, SRTP failures, unparsable RTP/RTCP, media before keys.
    public var datagramsDropped = 0

    /// From the peer's latest report block about our stream.
    public var remoteFractionLost: Double?
    public var remotePacketsLost: Int?
    public var remoteJitter: Double?
    public var roundTripTime: Double?

    public var localCandidateType: ICECandidate.CandidateType?
    public var remoteCandidateType: ICECandidate.CandidateType?
    public var srtp = SRTPStatistics()

    public init() {}
}
