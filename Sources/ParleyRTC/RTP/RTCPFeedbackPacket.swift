/// RTPFB or PSFB (RFC 4585 §6.1): a feedback message, kept raw with its type. Browsers send
/// transport-wide congestion control feedback (RTPFB, FMT 15) several times a second.
public struct RTCPFeedbackPacket: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// RTPFB, packet type 205.
        case transportLayer
        /// PSFB, packet type 206.
        case payloadSpecific

        public var packetType: RTCPPacketType {
            switch self {
            case .transportLayer: .transportLayerFeedback
            case .payloadSpecific: .payloadSpecificFeedback
            }
        }
    }

    public var kind: Kind
    /// FMT, 5 bits: which message of the kind (1 generic NACK, 15 transport-cc; PSFB 1 PLI, ...).
    public var format: UInt8
    public var senderSSRC: UInt32
    public var mediaSSRC: UInt32
    /// Feedback control information, uninterpreted.
    public var feedbackControlInformation: [UInt8]

    public init(kind: Kind, format: UInt8, senderSSRC: UInt32, mediaSSRC: UInt32, feedbackControlInformation: [UInt8]) {
        self.kind = kind
        self.format = format
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.feedbackControlInformation = feedbackControlInformation
    }

    init?(kind: Kind, format: Int, body: [UInt8]) {
        var reader = RTPByteReader(body)
        guard let sender = reader.readUInt32(), let media = reader.readUInt32() else { return nil }
        self.init(kind: kind, format: UInt8(truncatingIfNeeded: format), senderSSRC: sender, mediaSSRC: media,
                  feedbackControlInformation: reader.readRest())
    }

    var countAndBody: (count: Int, body: [UInt8]) {
        var body: [UInt8] = []
        RTPWire.append(senderSSRC, to: &body)
        RTPWire.append(mediaSSRC, to: &body)
        body += feedbackControlInformation
        return (Int(format & 0x1F), body)
    }
}
