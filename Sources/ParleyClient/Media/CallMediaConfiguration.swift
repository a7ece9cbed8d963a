import ParleyAudio
import ParleyRTC

/// How a call's media is set up.
public struct CallMediaConfiguration: Sendable {
    /// Gather host candidates on loopback too (tests and same-machine calls).
    public var includeLoopback: Bool
    /// Gather on these addresses only; nil means every usable interface.
    public var hostAddresses: [IPAddress]?
    /// STUN servers for server-reflexive candidates; never a public one by default.
    public var stunServers: [TransportAddress]
    /// False for listen-only: the SDP says recvonly and nothing is encoded.
    public var sends: Bool
    public var receives: Bool
    public var encoder: OpusEncoder.Configuration
    public var jitterBuffer: JitterBuffer.Configuration
    /// The audio clock's tick: received audio is pulled and mixed this often.
    public static let playbackPeriod: Duration = .milliseconds(10)
    /// One Opus frame (DESIGN.md: 20 ms frames).
    public static let captureFrameSamples = OpusAudioFormat.samplesPer20Milliseconds

    public init(includeLoopback: Bool = false, hostAddresses: [IPAddress]? = nil,
                stunServers: [TransportAddress] = [], sends: Bool = true, receives: Bool = true,
                encoder: OpusEncoder.Configuration = OpusEncoder.Configuration(),
                jitterBuffer: JitterBuffer.Configuration = JitterBuffer.Configuration()) {
        self.includeLoopback = includeLoopback
        self.hostAddresses = hostAddresses
        self.stunServers = stunServers
        self.sends = sends
        self.receives = receives
        self.encoder = encoder
        self.jitterBuffer = jitterBuffer
    }
}
