import Foundation
import ParleySignaling

/// Who a peer says it is: `?name=` first, else the tutorial's `credentials` cookie.
struct PeerCredentials: Sendable {
    var name: String?
    var token: String?

    init(query: [String: String], cookieHeader: String?) {
        let cookie = cookieHeader.flatMap(Self.credentialsCookie)
        name = query["name"] ?? cookie?["username"]?.stringValue
        token = query["token"] ?? cookie?["token"]?.stringValue ?? cookie?["password"]?.stringValue
    }

    /// The `credentials` cookie holds URI-encoded JSON such as `{"username":"bob"}`.
    static func credentialsCookie(_ header: String) -> JSONValue? {
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "credentials" else { continue }
            let raw = String(parts[1]).trimmingCharacters(in: .whitespaces)
            let decoded = raw.removingPercentEncoding ?? raw
            return try? JSONDecoder().decode(JSONValue.self, from: Data(decoded.utf8))
        }
        return nil
    }
}

enum DisplayName {
    static let maxLength = 64

    /// A name safe to show in any UI: no control or bidi-override characters (they would garble a
    /// terminal), trimmed, bounded; a guest name when empty.
    static func sanitize(_ raw: String?, peerID: String) -> String {
        let cleaned = String(String.UnicodeScalarView((raw ?? "").unicodeScalars.filter {
            $0.properties.generalCategory != .control && !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value)
        })).trimmingCharacters(in: .whitespacesAndNewlines)
        if cleaned.isEmpty { return "guest-\(peerID.prefix(4))" }
        return String(cleaned.prefix(maxLength))
    }
}
