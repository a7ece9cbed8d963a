/// One entry of `ice_servers`, in the shape of the browser's RTCIceServer.
public struct ICEServer: Sendable, Hashable, Codable {
    public var urls: [String]
    public var username: String?
    public var credential: String?

    public init(urls: [String], username: String? = nil, credential: String? = nil) {
        self.urls = urls
        self.username = username
        self.credential = credential
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let single = try? c.decode(String.self, forKey: .urls) {
            urls = [single]
        } else {
            urls = try c.decode([String].self, forKey: .urls)
        }
        username = try c.decodeIfPresent(String.self, forKey: .username)
        credential = try c.decodeIfPresent(String.self, forKey: .credential)
    }

    enum CodingKeys: String, CodingKey {
        case urls, username, credential
    }

    func problems() -> [String] {
        if urls.isEmpty { return ["ice_servers: an entry has no urls"] }
        return urls.compactMap { url in
            let scheme = url.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            return ["stun", "stuns", "turn", "turns"].contains(scheme)
                ? nil : "ice_servers: \"\(url)\" is not a stun:, stuns:, turn: or turns: URL"
        }
    }
}
