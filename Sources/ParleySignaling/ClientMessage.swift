/// A message as a client sends it; only `event`, `data` and `to` survive the relay.
public struct ClientMessage: Sendable, Hashable {
    public var event: String
    public var data: JSONValue
    public var to: Recipients

    public init(event: String, data: JSONValue, to: Recipients) {
        self.event = event
        self.data = data
        self.to = to
    }

    public func jsonText() -> String {
        let object: JSONValue = [
            "event": .string(event),
            "data": data,
            "to": {
                switch to {
                case .all: return .string("all")
                case .peers(let ids): return .array(ids.map(JSONValue.string))
                }
            }(),
        ]
        return object.serialized()
    }
}

/// Why a client frame was refused; the `description` strings are the wire protocol's.
public enum ClientMessageError: Error, Sendable, Hashable {
    case invalidJSON(raw: String)
    case invalidMessage(details: String)

    public var description: String {
        switch self {
        case .invalidJSON: return "Invalid JSON"
        case .invalidMessage: return "Invalid message"
        }
    }

    public var details: JSONValue {
        switch self {
        case .invalidJSON(let raw): return .string(raw)
        case .invalidMessage(let details): return .string(details)
        }
    }
}

extension ClientMessage {
    /// Parses one text frame from a client, saying exactly what is wrong with a bad one.
    public static func parse(_ text: String) throws(ClientMessageError) -> ClientMessage {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw .invalidJSON(raw: text)
        }
        guard case .object(let members) = value else {
            throw .invalidMessage(details: "a message must be a JSON object")
        }
        guard let eventValue = members["event"] else {
            throw .invalidMessage(details: "missing `event`")
        }
        guard case .string(let event) = eventValue, !event.isEmpty else {
            throw .invalidMessage(details: "`event` must be a non-empty string")
        }
        let to: Recipients
        switch members["to"] {
        case nil, .null?:
            throw .invalidMessage(details: "missing `to`: use \"all\" or an array of peer ids")
        case .string("all")?:
            to = .all
        case .string(let other)?:
            throw .invalidMessage(details: "bad `to`: \"\(other)\" is neither \"all\" nor an array of peer ids")
        case .array(let items)?:
            var ids: [String] = []
            ids.reserveCapacity(items.count)
            for item in items {
                guard case .string(let id) = item else {
                    throw .invalidMessage(details: "bad `to`: every addressee must be a peer id string")
                }
                ids.append(id)
            }
            to = .peers(ids)
        case .some:
            throw .invalidMessage(details: "bad `to`: must be \"all\" or an array of peer ids")
        }
        return ClientMessage(event: event, data: members["data"] ?? .null, to: to)
    }
}
