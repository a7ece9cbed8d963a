/// `a=extmap:<id>[/<direction>] <uri> [<extension attributes>]` (RFC 8285 §8): an RTP header
/// extension, e.g. `3 urn:ietf:params:rtp-hdrext:sdes:mid`.
public struct ExtMap: Sendable, Hashable {
    public static let attributeName = "extmap"

    public var id: UInt16
    public var direction: MediaDirection?
    public var uri: String
    public var extensionAttributes: String?

    public init(id: UInt16, direction: MediaDirection? = nil, uri: String, extensionAttributes: String? = nil) {
        self.id = id
        self.direction = direction
        self.uri = uri
        self.extensionAttributes = extensionAttributes
    }

    public init?(attributeValue: String) {
        let fields = SDPText.tokens(attributeValue)
        guard fields.count >= 2 else { return nil }
        let (idText, directionText) = SDPText.splitOnce(fields[0], at: UInt8(ascii: "/"))
        guard let id = SDPText.decimal(idText, as: UInt16.self) else { return nil }
        var direction: MediaDirection?
        if let directionText {
            guard let parsed = MediaDirection(rawValue: directionText) else { return nil }
            direction = parsed
        }
        let extra = fields.count > 2 ? fields.dropFirst(2).joined(separator: " ") : nil
        self.init(id: id, direction: direction, uri: fields[1], extensionAttributes: extra)
    }

    public var attributeValue: String {
        var text = String(id)
        if let direction { text += "/" + direction.rawValue }
        text += " " + uri
        if let extensionAttributes { text += " " + extensionAttributes }
        return text
    }

    public var attribute: SDPAttribute {
        SDPAttribute(name: Self.attributeName, value: attributeValue)
    }
}
