/// Packet counts of one `SRTPSession`, successes and the drops by cause.
public struct SRTPStatistics: Sendable, Hashable {
    public var rtpProtected = 0
    public var rtpUnprotected = 0
    public var rtcpProtected = 0
    public var rtcpUnprotected = 0
    public var authenticationFailures = 0
    public var replays = 0
    public var malformedPackets = 0
    public var otherFailures = 0

    public init() {}

    mutating func count(_ error: SRTPError) {
        switch error {
        case .authenticationFailed: authenticationFailures += 1
        case .replay: replays += 1
        case .malformedPacket: malformedPackets += 1
        case .invalidKeyLength, .library: otherFailures += 1
        }
    }
}
