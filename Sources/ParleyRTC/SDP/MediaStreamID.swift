/// `a=msid:<stream id> [<track id>]` (RFC 8830 §2). `-` as stream id means "no stream".
public struct MediaStreamID: Sendable, Hashable {
    public static let attributeName = "msid"

    public var streamID: String
    /// The "appdata" field, which browsers fill with the track id.
    public var trackID: String?

    public init(streamID: String, trackID: String? = nil) {
        self.streamID = streamID
        self.trackID = trackID
    }

    public init?(attributeValue: String) {
        let fields = SDPText.tokens(attributeValue)
        guard (1...2).contains(fields.count) else { return nil }
        self.init(streamID: fields[0], trackID: fields.count == 2 ? fields[1] : nil)
    }

    public var attributeValue: String {
        trackID.map { "\(streamID) \($0)" } ?? streamID
    }

    public var attribute: SDPAttribute {
        SDPAttribute(name: Self.attributeName, value: attributeValue)
    }
}
