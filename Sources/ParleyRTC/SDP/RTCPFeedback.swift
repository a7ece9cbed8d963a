/// `a=rtcp-fb:<payload type or *> <type> [<parameter>]` (RFC 4585 §4.2), e.g. `111 transport-cc`, `120 nack pli`.
public struct RTCPFeedback: Sendable, Hashable {
    public static let attributeName = "rtcp-fb"

    /// Nil for the `*` wildcard.
    public var payloadType: UInt8?
    public var type: String
    public var parameter: String?

    public init(payloadType: UInt8?, type: String, parameter: String? = nil) {
        self.payloadType = payloadType
        self.type = type
        self.parameter = parameter
    }

    public init?(attributeValue: String) {
        let fields = SDPText.tokens(attributeValue)
        guard fields.count >= 2 else { return nil }
        var payloadType: UInt8?
        if fields[0] != "*" {
            guard let parsed = SDPText.decimal(fields[0], as: UInt8.self), parsed <= 127 else { return nil }
            payloadType = parsed
        }
        let parameter = fields.count > 2 ? fields.dropFirst(2).joined(separator: " ") : nil
        self.init(payloadType: payloadType, type: fields[1], parameter: parameter)
    }

    public var attributeValue: String {
        let pt = payloadType.map(String.init) ?? "*"
        return "\(pt) \(type)" + (parameter.map { " " + $0 } ?? "")
    }

    public var attribute: SDPAttribute {
        SDPAttribute(name: Self.attributeName, value: attributeValue)
    }
}
