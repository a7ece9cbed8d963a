import Foundation
import HTTPTypes
import ParleyConfiguration

/// The decision taken on a WebSocket request before the upgrade: which room, who, or which HTTP refusal.
struct RoomAdmission: Sendable {
    let room: String
    let credentials: PeerCredentials

    enum Refusal: Error, Sendable {
        case badRequest(String)
        case unknownRoom(String)
        case unauthorized(String)

        var status: HTTPResponse.Status {
            switch self {
            case .badRequest: return .badRequest
            case .unknownRoom: return .notFound
            case .unauthorized: return .unauthorized
            }
        }

        var reason: String {
            switch self {
            case .badRequest(let r), .unknownRoom(let r), .unauthorized(let r): return r
            }
        }
    }

    static let routePrefix = "/webrtc/"

    /// The room named by `/webrtc/<room>` or `/webrtc/<room>/`, percent-decoded.
    static func roomName(path: String) -> Result<String, Refusal> {
        guard path.hasPrefix(routePrefix) else { return .failure(.badRequest("not a room path")) }
        var segment = Substring(path.dropFirst(routePrefix.count))
        if segment.hasSuffix("/") { segment = segment.dropLast() }
        guard !segment.contains("/") else { return .failure(.badRequest("room path has extra segments")) }
        guard let decoded = String(segment).removingPercentEncoding else {
            return .failure(.badRequest("room name is not valid percent-encoding"))
        }
        if let problem = RoomName.problem(decoded) { return .failure(.badRequest(problem)) }
        return .success(decoded)
    }

    static func decide(
        path: String, query: [String: String], cookieHeader: String?, settings: ServerSettings
    ) -> Result<RoomAdmission, Refusal> {
        let room: String
        switch roomName(path: path) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let name): room = name
        }
        let configured = settings.room(named: room)
        if settings.fixedRooms && configured == nil {
            return .failure(.unknownRoom("no room \"\(room)\" on this server"))
        }
        let credentials = PeerCredentials(query: query, cookieHeader: cookieHeader)
        if let secret = configured?.secret {
            guard let token = credentials.token, constantTimeEqual(token, secret) else {
                return .failure(.unauthorized("room \"\(room)\" needs a valid token"))
            }
        }
        return .success(RoomAdmission(room: room, credentials: credentials))
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(truncatingIfNeeded: x.count ^ y.count)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}

extension String {
    /// `a=1&b=two%20words` → ["a": "1", "b": "two words"]; the first of repeated keys wins.
    func queryParameters() -> [String: String] {
        var result: [String: String] = [:]
        for pair in split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[0])
            let raw = parts.count > 1 ? String(parts[1]) : ""
            let value = raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
            if result[key] == nil { result[key] = value }
        }
        return result
    }
}
