/// `a=setup:` (RFC 4145 §4, RFC 8842 §5.1): which side opens the DTLS connection.
/// `active` is the DTLS client, `passive` the server; offers say `actpass`.
public enum SDPSetup: String, Sendable, Hashable, CaseIterable {
    case active
    case passive
    case actpass
    case holdconn

    public static let attributeName = "setup"

    public var attribute: SDPAttribute {
        SDPAttribute(name: Self.attributeName, value: rawValue)
    }
}
