/// Header checks made before a packet reaches libsrtp, so that no length libsrtp trusts can
/// point past the buffer (RFC 3550 §5.1 RTP and §6.4 RTCP layouts).
enum SRTPPacketCheck {
    static let rtpFixedHeaderLength = 12
    static let rtcpHeaderLength = 8
    static let version: UInt8 = 2
    /// Larger than any UDP payload; keeps lengths far from Int32 limits.
    static let maximumPacketLength = 65_535

    /// The RTP header length (fixed header, CSRCs, header extension), or nil when the packet
    /// is not version 2 or is shorter than its header says.
    static func rtpHeaderLength(_ packet: [UInt8]) -> Int? {
        guard packet.count >= rtpFixedHeaderLength, packet.count <= maximumPacketLength,
              packet[0] >> 6 == version
        else { return nil }
        var length = rtpFixedHeaderLength + 4 * Int(packet[0] & 0x0F)
        if packet[0] & 0x10 != 0 {
            guard packet.count >= length + 4 else { return nil }
            let words = Int(packet[length + 2]) << 8 | Int(packet[length + 3])
            length += 4 + 4 * words
        }
        return length <= packet.count ? length : nil
    }

    static func isRTCP(_ packet: [UInt8]) -> Bool {
        packet.count >= rtcpHeaderLength && packet.count <= maximumPacketLength && packet[0] >> 6 == version
    }
}
