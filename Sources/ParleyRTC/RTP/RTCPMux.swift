/// Telling RTP from RTCP on one port. WebRTC always multiplexes both with DTLS and STUN on a
/// single 5-tuple (BUNDLE + rtcp-mux), so the first two octets decide.
public enum RTCPMux {
    public enum PacketKind: Sendable, Hashable {
        case rtp
        case rtcp
    }

    /// RFC 7983 §7: a first octet of 128 to 191 is RTP or RTCP (version 2). 0–3 is STUN, 20–63
    /// DTLS; those are not handled here.
    public static func isRTPOrRTCP(firstByte: UInt8) -> Bool {
        (128...191).contains(firstByte)
    }

    /// RFC 5761 §4: with the marker bit masked off, payload types 64–95 are RTCP packet types
    /// 192–223, which RTP payload types must avoid.
    public static func isRTCP(secondByte: UInt8) -> Bool {
        (64...95).contains(secondByte & 0x7F)
    }

    /// Classifies a datagram from its first two octets; nil when it is not RTP or RTCP at all.
    /// Lengths are left to the parsers.
    public static func classify(_ datagram: [UInt8]) -> PacketKind? {
        guard datagram.count >= 2, isRTPOrRTCP(firstByte: datagram[0]) else { return nil }
        return isRTCP(secondByte: datagram[1]) ? .rtcp : .rtp
    }
}
