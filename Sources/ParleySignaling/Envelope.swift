import Foundation

/// A server-to-client message. Membrane clients rely on all four baseline keys being present
/// (null when unset); `from_metadata` is the Parley/variant addition, always present too.
public struct Envelope: Sendable, Hashable {
    public var event: String
    public var data: JSONValue
    public var from: String?
    public var to: Recipients?
    /// The sender's metadata; `.null` for server messages; nil leaves the key out, as
    /// membrane 0.1.2 itself does.
    public var fromMetadata: JSONValue?

    public init(event: String, data: JSONValue, from: String? = nil, to: Recipients? = nil, fromMetadata: JSONValue? = .null) {
        self.event = event
        self.data = data
        self.from = from
        self.to = to
        self.fromMetadata = fromMetadata
    }
}

extension Envelope: Codable {
    enum CodingKeys: String, CodingKey {
        case event, data, from, to
        case fromMetadata = "from_metadata"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        event = try c.decode(String.self, forKey: .event)
        data = try c.decodeIfPresent(JSONValue.self, forKey: .data) ?? .null
        from = try c.decodeIfPresent(String.self, forKey: .from)
        to = try c.decodeIfPresent(Recipients.self, forKey: .to)
        fromMetadata = try c.decodeIfPresent(JSONValue.self, forKey: .fromMetadata)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(data, forKey: .data)
        try c.encode(event, forKey: .event)
        if let from { try c.encode(from, forKey: .from) } else { try c.encodeNil(forKey: .from) }
        if let to { try c.encode(to, forKey: .to) } else { try c.encodeNil(forKey: .to) }
        if let fromMetadata { try c.encode(fromMetadata, forKey: .fromMetadata) }
    }

    /// The text frame to put on the wire.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a value built only from JSONValue and strings cannot fail.
        guard let bytes = try? encoder.encode(self) else { return "{}" }
        return String(decoding: bytes, as: UTF8.self)
    }
}
