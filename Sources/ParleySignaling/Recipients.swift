/// The `to` key of the envelope: a list of peer ids, or `"all"` (everyone but the sender).
public enum Recipients: Sendable, Hashable {
    case all
    case peers([String])
}

extension Recipients: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let s = try? container.decode(String.self), s == "all" {
            self = .all
        } else if let ids = try? container.decode([String].self) {
            self = .peers(ids)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "`to` must be \"all\" or an array of peer ids")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .all: try container.encode("all")
        case .peers(let ids): try container.encode(ids)
        }
    }
}
