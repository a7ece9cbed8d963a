/// Reading what a server sends, as a client. Lenient where membrane and Parley differ
/// (`from_metadata` may be absent, `to` may be any of its shapes) and strict only where a
/// client cannot go on: a frame that is not a JSON object with a string `event`.
public enum EnvelopeParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidJSON(JSONParseError)
    case notAnObject
    case missingEvent

    public var description: String {
        switch self {
        case let .invalidJSON(error): "not JSON (\(error))"
        case .notAnObject: "not a JSON object"
        case .missingEvent: "no string \"event\""
        }
    }
}

extension Envelope {
    public static func parse(_ text: String) throws(EnvelopeParseError) -> Envelope {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw .invalidJSON(error)
        }
        guard case let .object(members) = value else { throw .notAnObject }
        guard let event = members["event"]?.stringValue else { throw .missingEvent }
        let to: Recipients? = switch members["to"] {
        case .string("all")?: .all
        case let .array(items)?: .peers(items.compactMap(\.stringValue))
        default: nil
        }
        return Envelope(event: event, data: members["data"] ?? .null, from: members["from"]?.stringValue,
                        to: to, fromMetadata: members["from_metadata"])
    }
}
