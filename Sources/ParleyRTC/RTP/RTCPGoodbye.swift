/// BYE (RFC 3550 §6.6): the listed sources are leaving, optionally saying why.
public struct RTCPGoodbye: Sendable, Hashable {
    /// The 5-bit count field limits one BYE to 31 sources.
    public static let maximumSources = 31

    /// At most `maximumSources`.
    public var ssrcs: [UInt32]
    /// Why they leave. Parsed text has invalid UTF-8 replaced; serialising keeps at most the
    /// first 255 UTF-8 octets (whole scalars), the limit of the length field.
    public var reason: String?

    public init(ssrcs: [UInt32], reason: String? = nil) {
        self.ssrcs = ssrcs
        self.reason = reason
    }

    init?(count: Int, body: [UInt8]) {
        var reader = RTPByteReader(body)
        var ssrcs: [UInt32] = []
        for _ in 0..<count {
            guard let ssrc = reader.readUInt32() else { return nil }
            ssrcs.append(ssrc)
        }
        var reason: String?
        if let length = reader.readUInt8() {
            guard let text = reader.readBytes(Int(length)) else { return nil }
            reason = String(decoding: text, as: UTF8.self)
        }
        self.init(ssrcs: ssrcs, reason: reason)
    }

    /// Traps on more than 31 sources (a programming error).
    var countAndBody: (count: Int, body: [UInt8]) {
        precondition(ssrcs.count <= Self.maximumSources, "a BYE carries at most 31 sources")
        var body: [UInt8] = []
        for ssrc in ssrcs { RTPWire.append(ssrc, to: &body) }
        if let reason {
            let text = Self.utf8Prefix(of: reason, maximumLength: 255)
            body.append(UInt8(text.count))
            body += text
            body += repeatElement(0, count: (4 - body.count % 4) % 4)
        }
        return (ssrcs.count, body)
    }

    private static func utf8Prefix(of text: String, maximumLength: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            guard bytes.count + encoded.count <= maximumLength else { break }
            bytes += encoded
        }
        return bytes
    }
}
