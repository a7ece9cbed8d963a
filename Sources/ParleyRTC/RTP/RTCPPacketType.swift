/// The packet type octet of an RTCP header (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611 §2).
public struct RTCPPacketType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// SR
    public static let senderReport = RTCPPacketType(rawValue: 200)
    /// RR
    public static let receiverReport = RTCPPacketType(rawValue: 201)
    /// SDES
    public static let sourceDescription = RTCPPacketType(rawValue: 202)
    /// BYE
    public static let goodbye = RTCPPacketType(rawValue: 203)
    /// APP
    public static let applicationDefined = RTCPPacketType(rawValue: 204)
    /// RTPFB (RFC 4585): generic NACK, transport-wide congestion control, ...
    public static let transportLayerFeedback = RTCPPacketType(rawValue: 205)
    /// PSFB (RFC 4585): PLI, FIR, REMB, ...
    public static let payloadSpecificFeedback = RTCPPacketType(rawValue: 206)
    /// XR (RFC 3611)
    public static let extendedReport = RTCPPacketType(rawValue: 207)

    public var description: String {
        switch self {
        case .senderReport: "SR"
        case .receiverReport: "RR"
        case .sourceDescription: "SDES"
        case .goodbye: "BYE"
        case .applicationDefined: "APP"
        case .transportLayerFeedback: "RTPFB"
        case .payloadSpecificFeedback: "PSFB"
        case .extendedReport: "XR"
        default: "RTCP(\(rawValue))"
        }
    }
}
