/// `a=rtcp:<port> [<nettype> <addrtype> <address>]` (RFC 3605 §2.1). Meaningless with
/// rtcp-mux, but Firefox sends it in offers, and in mDNS mode with an FQDN under `IP4`
/// (`a=rtcp:57282 IN IP4 <uuid>.local`): the address is kept as text.
public struct RTCPAttribute: Sendable, Hashable {
    public static let attributeName = "rtcp"

    public var port: UInt16
    public var connection: SDPConnection?

    public init(port: UInt16, connection: SDPConnection? = nil) {
        self.port = port
        self.connection = connection
    }

    public init?(attributeValue: String) {
        let (portText, rest) = SDPText.splitOnce(SDPText.trimmed(attributeValue), at: SDPText.space)
        guard let port = SDPText.decimal(portText, as: UInt16.self) else { return nil }
        var connection: SDPConnection?
        if let rest {
            guard let parsed = SDPConnection(lineValue: rest) else { return nil }
            connection = parsed
        }
        self.init(port: port, connection: connection)
    }

    public var attributeValue: String {
        String(port) + (connection.map { " " + $0.lineValue } ?? "")
    }
}
