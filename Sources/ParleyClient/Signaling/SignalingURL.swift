import Foundation

/// The WebSocket URL of one room on a Parley or membrane server, e.g.
/// `ws://127.0.0.1:8042/webrtc/lobby`, with Parley's optional `name` and `token` query items.
public struct SignalingURL: Sendable, Hashable, CustomStringConvertible {
    public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        case notAURL(String)
        case unsupportedScheme(String)
        case missingHost(String)
        case missingRoom(String)

        public var description: String {
            switch self {
            case let .notAURL(text): "\"\(text)\" is not a URL; expected e.g. ws://127.0.0.1:8042/webrtc/lobby"
            case let .unsupportedScheme(scheme):
                "URL scheme \"\(scheme)\" is not supported; use ws:// or wss:// (http:// and https:// are read as ws:// and wss://)"
            case let .missingHost(text): "\"\(text)\" has no host"
            case let .missingRoom(text): "\"\(text)\" names no room; expected a path like /webrtc/<room>"
            }
        }
    }

    /// `ws` or `wss`.
    public var scheme: String
    public var host: String
    public var port: Int?
    /// The room, percent-decoded.
    public var room: String
    /// Query items other than `name`, kept as given (e.g. `token`).
    public var otherQueryItems: [URLQueryItem]
    public var name: String?

    /// Accepts `ws`/`wss` and, for convenience, `http`/`https` (a browser link) — including a
    /// link's `#room` or `?room=` form of the web client.
    public init(parsing text: String) throws(ParseError) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
              let rawScheme = components.scheme?.lowercased()
        else { throw .notAURL(text) }
        switch rawScheme {
        case "ws", "http": scheme = "ws"
        case "wss", "https": scheme = "wss"
        default: throw .unsupportedScheme(rawScheme)
        }
        // URLComponents keeps an IPv6 literal's brackets; the address itself is without them.
        guard let host = components.host?.trimmingCharacters(in: ["[", "]"]), !host.isEmpty else { throw .missingHost(text) }
        self.host = host
        port = components.port
        let items = components.queryItems ?? []
        name = items.first { $0.name == "name" }?.value
        otherQueryItems = items.filter { $0.name != "name" && $0.name != "room" }
        let segments = components.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: true)
        if segments.count >= 2, segments[segments.count - 2] == "webrtc",
           let decoded = String(segments[segments.count - 1]).removingPercentEncoding, !decoded.isEmpty {
            room = decoded
        } else if let fragment = components.fragment, !fragment.isEmpty {
            room = fragment
        } else if let queryRoom = items.first(where: { $0.name == "room" })?.value, !queryRoom.isEmpty {
            room = queryRoom
        } else {
            throw .missingRoom(text)
        }
    }

    public init(scheme: String = "ws", host: String, port: Int?, room: String, name: String? = nil,
                otherQueryItems: [URLQueryItem] = []) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.room = room
        self.name = name
        self.otherQueryItems = otherQueryItems
    }

    /// What goes on the wire.
    public var urlString: String {
        var components = URLComponents()
        components.scheme = scheme
        if host.contains(":") {
            components.percentEncodedHost = "[\(host)]"
        } else {
            components.host = host
        }
        components.port = port
        components.percentEncodedPath = "/webrtc/" + Self.percentEncodedSegment(room)
        var items = otherQueryItems
        if let name, !name.isEmpty { items.append(URLQueryItem(name: "name", value: name)) }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? "\(scheme)://\(host)/webrtc/\(room)"
    }

    /// The server's HTTP base, e.g. `http://127.0.0.1:8042`, for `/api/…` and the web client.
    public var httpBase: String {
        let httpScheme = scheme == "wss" ? "https" : "http"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(httpScheme)://\(hostPart)" + (port.map { ":\($0)" } ?? "")
    }

    /// The link a browser opens to join the same room.
    public var browserLink: String {
        httpBase + "/#" + Self.percentEncodedSegment(room)
    }

    /// A name for the server in a header: host and port.
    public var serverLabel: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return hostPart + (port.map { ":\($0)" } ?? "")
    }

    public var description: String { urlString }

    static func percentEncodedSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
