/// `a=group:<semantics> <mid> <mid>…` (RFC 5888 §5); WebRTC uses `BUNDLE` (RFC 8843).
public struct SDPGroup: Sendable, Hashable {
    public static let attributeName = "group"
    public static let bundle = "BUNDLE"

    public var semantics: String
    /// The `a=mid` values of the grouped media sections. For BUNDLE the first one is the
    /// "tagged" section whose transport the group shares.
    public var identificationTags: [String]

    public init(semantics: String, identificationTags: [String]) {
        self.semantics = semantics
        self.identificationTags = identificationTags
    }

    public init?(attributeValue: String) {
        let fields = SDPText.tokens(attributeValue)
        guard let semantics = fields.first else { return nil }
        self.init(semantics: semantics, identificationTags: Array(fields.dropFirst()))
    }

    public var attributeValue: String {
        ([semantics] + identificationTags).joined(separator: " ")
    }

    public var attribute: SDPAttribute {
        SDPAttribute(name: Self.attributeName, value: attributeValue)
    }
}
