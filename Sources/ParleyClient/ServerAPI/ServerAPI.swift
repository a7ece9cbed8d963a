import AsyncHTTPClient
import NIOCore
import ParleyRTC
import ParleySignaling

/// The REST side of a Parley server (PROTOCOL.md, "Parley additions"): the room list and the
/// ICE servers to use. A membrane server has neither; callers fall back.
public struct ServerAPI: Sendable {
    /// e.g. `http://127.0.0.1:8042`.
    public let base: String
    static let timeout: TimeAmount = .seconds(5)
    static let maximumBody = 4 << 20

    public init(base: String) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    /// Accepts what a person types: `host:port`, `http://host:port`, `ws://host:port/…`.
    public init(server text: String) {
        var text = text
        if text.hasPrefix("ws://") { text = "http://" + text.dropFirst(5) }
        if text.hasPrefix("wss://") { text = "https://" + text.dropFirst(6) }
        if !text.hasPrefix("http://") && !text.hasPrefix("https://") { text = "http://" + text }
        if let path = text.dropFirst(text.hasPrefix("https://") ? 8 : 7).firstIndex(of: "/") {
            text = String(text[..<path])
        }
        self.init(base: text)
    }

    public struct RoomSummary: Sendable, Hashable {
        public var name: String
        public var peers: Int
        public var maxPeers: Int?
    }

    /// `GET /api/rooms`.
    public func rooms() async throws(ServerAPIError) -> [RoomSummary] {
        let value = try await getJSON("/api/rooms")
        guard let items = value.arrayValue else { throw .unexpected("/api/rooms", "not a JSON array") }
        return items.compactMap { item in
            guard let name = item["name"]?.stringValue else { return nil }
            return RoomSummary(name: name, peers: Int(item["peers"]?.doubleValue ?? 0),
                               maxPeers: item["max_peers"]?.doubleValue.map { Int($0) })
        }
    }

    /// `GET /api/config` → its STUN servers with literal addresses. A server without the
    /// endpoint (membrane) means none: never a public default.
    public func stunServers() async -> [TransportAddress] {
        guard let value = try? await getJSON("/api/config") else { return [] }
        let urls = (value["iceServers"]?.arrayValue ?? []).flatMap { server -> [String] in
            if let one = server["urls"]?.stringValue { return [one] }
            return server["urls"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return urls.compactMap(Self.stunAddress)
    }

    /// `stun:192.0.2.1:3478` or `stun:[2001:db8::1]` → its address (RFC 7064); names are not
    /// resolved here.
    static func stunAddress(_ url: String) -> TransportAddress? {
        guard url.hasPrefix("stun:") else { return nil }
        var rest = url.dropFirst(5)
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        var host = Substring(rest)
        var port: UInt16 = 3478
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { guard let p = UInt16(after.dropFirst()) else { return nil }; port = p }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let p = UInt16(rest[rest.index(after: colon)...]) else { return nil }
            port = p
        }
        guard let ip = IPAddress(String(host)) else { return nil }
        return TransportAddress(ip: ip, port: port)
    }

    private func getJSON(_ path: String) async throws(ServerAPIError) -> JSONValue {
        let request = HTTPClientRequest(url: base + path)
        let body: ByteBuffer
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: Self.timeout)
            guard response.status.code == 200 else { throw ServerAPIError.status(path, Int(response.status.code)) }
            body = try await response.body.collect(upTo: Self.maximumBody)
        } catch let error as ServerAPIError {
            throw error
        } catch {
            throw .unreachable(base, "\(error)")
        }
        do {
            return try JSONValue.parse(body.readableBytesView)
        } catch {
            throw .unexpected(path, "\(error)")
        }
    }
}

public enum ServerAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreachable(String, String)
    case status(String, Int)
    case unexpected(String, String)

    public var description: String {
        switch self {
        case let .unreachable(base, reason): "cannot reach \(base): \(reason)"
        case let .status(path, code):
            code == 404 ? "the server has no \(path) (a membrane server, or not a Parley server?)" : "\(path) answered HTTP \(code)"
        case let .unexpected(path, reason): "\(path) sent something unexpected: \(reason)"
        }
    }
}
