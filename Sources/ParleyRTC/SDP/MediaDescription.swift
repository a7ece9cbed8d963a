/// One media section: an `m=` line and the lines up to the next `m=` (RFC 8866 §5.14).
public struct MediaDescription: Sendable, Hashable, SDPAttributeContainer {
    public var kind: MediaKind
    /// Port 0 marks a rejected (or, with `a=bundle-only`, bundled) section. 9 is JSEP's
    /// placeholder (RFC 8829 §5.2.1).
    public var port: UInt16
    /// The `/<number of ports>` suffix of the port, if any.
    public var numberOfPorts: UInt16?
    /// `UDP/TLS/RTP/SAVPF` for WebRTC media, `UDP/DTLS/SCTP` for data channels.
    public var proto: String
    /// Payload type numbers for RTP; `webrtc-datachannel` for SCTP.
    public var formats: [String]
    public var connection: SDPConnection?
    public var attributes: [SDPAttribute]
    /// `i=`, `b=`, `k=`, unknown and repeated lines, in RFC 8866 order.
    public var otherLines: [SDPLine]

    public init(
        kind: MediaKind,
        port: UInt16,
        numberOfPorts: UInt16? = nil,
        proto: String,
        formats: [String],
        connection: SDPConnection? = nil,
        attributes: [SDPAttribute] = [],
        otherLines: [SDPLine] = []
    ) {
        self.kind = kind
        self.port = port
        self.numberOfPorts = numberOfPorts
        self.proto = proto
        self.formats = formats
        self.connection = connection
        self.attributes = attributes
        self.otherLines = otherLines
    }

    /// Parses the value of an `m=` line; the rest of the section is filled in by the parser.
    init?(mediaLineValue: String) {
        let fields = SDPText.tokens(mediaLineValue)
        guard fields.count >= 3 else { return nil }
        let (portText, countText) = SDPText.splitOnce(fields[1], at: UInt8(ascii: "/"))
        guard let port = SDPText.decimal(portText, as: UInt16.self) else { return nil }
        var count: UInt16?
        if let countText {
            guard let parsed = SDPText.decimal(countText, as: UInt16.self) else { return nil }
            count = parsed
        }
        self.init(
            kind: MediaKind(rawValue: fields[0]),
            port: port,
            numberOfPorts: count,
            proto: fields[2],
            formats: Array(fields.dropFirst(3))
        )
    }

    public var mediaLineValue: String {
        var port = String(port)
        if let numberOfPorts { port += "/\(numberOfPorts)" }
        return ([kind.rawValue, port, proto] + formats).joined(separator: " ")
    }

    /// RFC 8843 §6: a port-0 section with `a=bundle-only` is not rejected; it shares the
    /// transport of its BUNDLE group.
    public var isBundleOnly: Bool {
        hasAttribute("bundle-only")
    }

    /// Rejected by whoever wrote it: port 0 without `a=bundle-only` (RFC 3264 §6, RFC 8829 §5.3.1).
    public var isRejected: Bool {
        port == 0 && !isBundleOnly
    }
}
