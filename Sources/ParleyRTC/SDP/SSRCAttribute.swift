/// `a=ssrc:<ssrc-id> <attribute>[:<value>]` (RFC 5576 §4.1), e.g. `a=ssrc:3252889919 cname:SABbNkmNn4Zq2eyD`.
public struct SSRCAttribute: Sendable, Hashable {
    public static let attributeName = "ssrc"

    public var ssrc: UInt32
    public var attribute: String
    public var value: String?

    public init(ssrc: UInt32, attribute: String, value: String? = nil) {
        self.ssrc = ssrc
        self.attribute = attribute
        self.value = value
    }

    public init?(attributeValue: String) {
        let (idText, rest) = SDPText.splitOnce(attributeValue, at: SDPText.space)
        guard let ssrc = SDPText.decimal(idText, as: UInt32.self), let rest, !rest.isEmpty else { return nil }
        let (name, value) = SDPText.splitOnce(rest, at: UInt8(ascii: ":"))
        self.init(ssrc: ssrc, attribute: name, value: value)
    }

    public var attributeValue: String {
        "\(ssrc) \(attribute)" + (value.map { ":" + $0 } ?? "")
    }

    public var sdpAttribute: SDPAttribute {
        SDPAttribute(name: Self.attributeName, value: attributeValue)
    }
}
