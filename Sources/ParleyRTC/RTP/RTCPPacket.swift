/// One packet of a compound RTCP packet.
public enum RTCPPacket: Sendable, Hashable {
    case senderReport(RTCPSenderReport)
    case receiverReport(RTCPReceiverReport)
    case sourceDescription(RTCPSourceDescription)
    case goodbye(RTCPGoodbye)
    case feedback(RTCPFeedbackPacket)
    /// APP, XR and unknown types.
    case other(RTCPRawPacket)

    /// The octets of the common header (RFC 3550 §6.4.1).
    static let headerSize = 4

    public var packetType: RTCPPacketType {
        switch self {
        case .senderReport: .senderReport
        case .receiverReport: .receiverReport
        case .sourceDescription: .sourceDescription
        case .goodbye: .goodbye
        case let .feedback(feedback): feedback.kind.packetType
        case let .other(raw): raw.packetType
        }
    }

    /// Interprets a body (header removed, padding stripped); nil when it does not fit its type.
    init?(type: RTCPPacketType, count: Int, body: [UInt8]) {
        switch type {
        case .senderReport:
            guard let report = RTCPSenderReport(count: count, body: body) else { return nil }
            self = .senderReport(report)
        case .receiverReport:
            guard let report = RTCPReceiverReport(count: count, body: body) else { return nil }
            self = .receiverReport(report)
        case .sourceDescription:
            guard let description = RTCPSourceDescription(count: count, body: body) else { return nil }
            self = .sourceDescription(description)
        case .goodbye:
            guard let goodbye = RTCPGoodbye(count: count, body: body) else { return nil }
            self = .goodbye(goodbye)
        case .transportLayerFeedback, .payloadSpecificFeedback:
            let kind: RTCPFeedbackPacket.Kind = type == .transportLayerFeedback ? .transportLayer : .payloadSpecific
            guard let feedback = RTCPFeedbackPacket(kind: kind, format: count, body: body) else { return nil }
            self = .feedback(feedback)
        default:
            self = .other(RTCPRawPacket(packetType: type, count: UInt8(truncatingIfNeeded: count), body: body))
        }
    }

    /// The packet on the wire. A body that is not a whole number of 32-bit words (possible for
    /// raw and feedback bodies and profile extensions) gets RTCP padding, which parsing strips.
    public func serialized() -> [UInt8] {
        let (count, body): (Int, [UInt8])
        switch self {
        case let .senderReport(report): (count, body) = report.countAndBody
        case let .receiverReport(report): (count, body) = report.countAndBody
        case let .sourceDescription(description): (count, body) = description.countAndBody
        case let .goodbye(goodbye): (count, body) = goodbye.countAndBody
        case let .feedback(feedback): (count, body) = feedback.countAndBody
        case let .other(raw): (count, body) = (Int(raw.count & 0x1F), raw.body)
        }
        let padding = (4 - body.count % 4) % 4
        let words = (Self.headerSize + body.count + padding) / 4
        precondition(words - 1 <= Int(UInt16.max), "RTCP packet too long")

        var bytes: [UInt8] = []
        bytes.reserveCapacity(words * 4)
        bytes.append(RTPWire.version << 6 | (padding > 0 ? 0x20 : 0) | UInt8(count & 0x1F))
        bytes.append(packetType.rawValue)
        RTPWire.append(UInt16(words - 1), to: &bytes)
        bytes += body
        if padding > 0 {
            bytes += repeatElement(0, count: padding - 1)
            bytes.append(UInt8(padding))
        }
        return bytes
    }
}
