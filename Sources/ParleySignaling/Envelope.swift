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

    /// The text frame to put on the wire: compact, keys in byte order, byte for byte what
    /// JSONEncoder with `.sortedKeys, .withoutEscapingSlashes` wrote, except that integral
    /// doubles keep their `.0` (see `JSONValue.serialized`).
    public func jsonText() -> String {
        var writer = JSONTextWriter(sortedKeys: true)
        writer.writeRaw(#"{"data":"#)
        writer.write(data)
        writer.writeRaw(#","event":"#)
        writer.write(string: event)
        writer.writeRaw(#","from":"#)
        if let from { writer.write(string: from) } else { writer.writeRaw("null") }
        if let fromMetadata {
            writer.writeRaw(#","from_metadata":"#)
            writer.write(fromMetadata)
        }
        writer.writeRaw(#","to":"#)
        switch to {
        case nil:
            writer.writeRaw("null")
        case .all?:
            writer.write(string: "all")
        case .peers(let ids)?:
            writer.writeRaw("[")
            for (offset, id) in ids.enumerated() {
                if offset > 0 { writer.writeRaw(",") }
                writer.write(string: id)
            }
            writer.writeRaw("]")
        }
        writer.writeRaw("}")
        return writer.text
    }
}
